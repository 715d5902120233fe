package io.github.camelkantata.users.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A response body read through a limit: it counts what passes, fails with a {@link ResponseLimitException} as soon as
 * the count passes {@code maxResponseBytes}, and can keep the first bytes for an error excerpt (in an array that grows
 * with what was read, up to {@link #HEAD}: a single user's body of 1-2 KB keeps 1-2 KB). Used wherever a body is parsed
 * as a stream: from the connection ({@code synchronous=true}), and from a compressed body inflated while it is parsed
 * (the async path).
 */
final class CappedInputStream extends InputStream {

    /**
     * How many body bytes are kept to excerpt a body that was parsed as a stream and turned out malformed: the window
     * {@link ErrorMapper} masks the token in before it cuts the excerpt.
     */
    static final int HEAD = ErrorMapper.EXCERPT_WINDOW;

    private final InputStream in;
    private final long limit;
    private final int status;
    private final String what;
    private final boolean keepHead;
    private byte[] head;
    private long count;

    /**
     * @param in       the stream
     * @param limit    the most bytes that may pass
     * @param status   the response's status, for the error
     * @param what     how the error describes going past the limit ("inflates to more than")
     * @param keepHead whether to keep the first {@link #HEAD} bytes
     */
    CappedInputStream(InputStream in, long limit, int status, String what, boolean keepHead) {
        this.in = in;
        this.limit = limit;
        this.status = status;
        this.what = what;
        this.keepHead = keepHead;
    }

    /** @return true for the content codings this library inflates (gzip, x-gzip, deflate) */
    static boolean isCompressed(String encoding) {
        return "gzip".equals(encoding) || "x-gzip".equals(encoding) || "deflate".equals(encoding);
    }

    /**
     * @param  in          compressed bytes
     * @param  encoding    gzip, x-gzip or deflate
     * @return             the inflated bytes, as they are read
     * @throws IOException when the gzip header is unreadable
     */
    static InputStream inflating(InputStream in, String encoding) throws IOException {
        return "deflate".equals(encoding)
                ? new java.util.zip.InflaterInputStream(in)
                : new java.util.zip.GZIPInputStream(in, 8192);
    }

    /**
     * @param  compressed  compressed bytes
     * @param  encoding    gzip, x-gzip or deflate
     * @param  max         {@code maxResponseBytes}: the most inflated bytes that may pass
     * @param  status      the response's status, for the error
     * @param  keepHead    whether to keep the first inflated bytes for an excerpt
     * @return             the inflated bytes as they are read, under the limit
     * @throws IOException when the gzip header is unreadable ({@link java.util.zip.ZipException})
     */
    static CappedInputStream inflated(InputStream compressed, String encoding, long max, int status, boolean keepHead)
            throws IOException {
        return new CappedInputStream(inflating(compressed, encoding), max, status, "inflates to more than", keepHead);
    }

    static ResponseLimitException tooLarge(int status, String what, long max) {
        return new ResponseLimitException(
                status, "the response body " + what + ", more than maxResponseBytes (" + max
                        + "); the connection was discarded");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            if (keepHead && count < HEAD) {
                int take = (int) Math.min(n, HEAD - count);
                int need = (int) count + take;
                if (head == null || head.length < need) {
                    int grown = Math.max(need, 2 * (head == null ? 0 : head.length));
                    head = Arrays.copyOf(head == null ? new byte[0] : head, Math.min(HEAD, grown));
                }
                System.arraycopy(b, off, head, (int) count, take);
            }
            count += n;
            if (count > limit) {
                throw tooLarge(status, what + " " + limit + " bytes", limit);
            }
        }
        return n;
    }

    /** Reads to the end (under the limit), so that a connection can be reused. */
    void drain() throws IOException {
        byte[] skip = new byte[256]; // after a parser, what is left is a few bytes of whitespace, if anything
        while (read(skip, 0, skip.length) >= 0) {
            // discarded
        }
    }

    /** @return everything left, under the limit */
    byte[] readAll() throws IOException {
        byte[] buf = new byte[8192];
        int n = 0;
        int r;
        while ((r = read(buf, n, buf.length - n)) >= 0) {
            n += r;
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buf.length));
            }
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** @return the first bytes read (up to {@link #HEAD}), for an error excerpt */
    byte[] head() {
        return head == null ? new byte[0] : Arrays.copyOf(head, (int) Math.min(count, HEAD));
    }

    @Override
    public void close() {
        // whoever owns the connection decides: drained for reuse, or discarded
    }
}
