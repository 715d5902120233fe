#!/usr/bin/env python3
"""Regenerates the options and headers tables of README.md from the catalog JSON that Camel's generator
writes, so that the README never drifts from the code. Run after `mvn process-classes`."""
import json, re, pathlib
root = pathlib.Path(__file__).resolve().parent.parent
d = json.loads((root / 'src/generated/resources/META-INF/io/github/camelkantata/users/kantata-users.json').read_text())
order = ['common', 'filter', 'producer', 'consumer', 'advanced', 'timeout', 'security', 'proxy', 'consumer (advanced)',
         'producer (advanced)', 'scheduler']
rows = sorted(d['properties'].items(), key=lambda kv: (order.index(kv[1].get('group', 'common'))
                                                       if kv[1].get('group', 'common') in order else 99))
opts = ['| Option | Group | Type | Default | Description |', '|---|---|---|---|---|']
for k, v in rows:
    t = v.get('javaType', '').replace('java.lang.', '').replace('java.util.', '')
    dv = str(v.get('defaultValue', ''))
    desc = v.get('description', '').replace('|', '\\|').replace('\n', ' ')
    opts.append(f"| `{k}` | {v.get('group', 'common')} | `{t}` | {dv} | {desc} |")
heads = ['| Header | Type | Description |', '|---|---|---|']
for k, v in d['headers'].items():
    heads.append(f"| `{k}` | `{v.get('javaType', '')}` | {v.get('description', '')} |")
readme = root / 'README.md'
text = readme.read_text()
text = re.sub(r'(<!-- options:begin -->\n).*?(<!-- options:end -->)', lambda m: m.group(1) + '\n'.join(opts) + '\n' + m.group(2), text, flags=re.S)
text = re.sub(r'(<!-- headers:begin -->\n).*?(<!-- headers:end -->)', lambda m: m.group(1) + '\n'.join(heads) + '\n' + m.group(2), text, flags=re.S)
readme.write_text(text)
