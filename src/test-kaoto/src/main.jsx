// Host page for Kaoto's published UI library (@kaoto/kaoto), as an application embedding Kaoto would be:
//   ?view=palette  Kaoto's Catalog (the palette) with the tiles Kaoto builds from the selected runtime's catalog
//   ?view=route    Kaoto's RouteVisualization of src/route.yaml (canvas, and the node form on click)
// &runtime=<Camel version> picks the runtime of the catalog library (Kaoto reads it from localStorage
// `selectedCatalog`, by name); the catalog library is served at ./camel-catalog/index.json.
import '@patternfly/patternfly/patternfly.css';
import '@patternfly/patternfly/patternfly-addons.css';
import { SuggestionRegistryProvider } from '@kaoto/forms';
import { Catalog, RouteVisualization } from '@kaoto/kaoto';
import {
  CatalogLoaderProvider,
  CatalogTilesContext,
  CatalogTilesProvider,
  ReloadProvider,
  RuntimeProvider,
  SchemasLoaderProvider,
} from '@kaoto/kaoto/testing';
import { useContext } from 'react';
import { createRoot } from 'react-dom/client';
import routeYaml from './route.yaml?raw';

const params = new URLSearchParams(window.location.search);
const catalogUrl = new URL(params.get('catalog') ?? './camel-catalog/index.json', window.location.href).href;
const view = params.get('view') ?? 'route';
window.__kaotoHost = { codeChanges: [], clickedTiles: [] };

const Palette = () => {
  const tiles = useContext(CatalogTilesContext);
  return (
    <Catalog tiles={tiles} onTileClick={(tile) => window.__kaotoHost.clickedTiles.push(tile.name)} />
  );
};

// RouteVisualization (2.7.1) does not bring the SuggestionRegistryProvider its node forms need (without it the form
// throws "useSuggestionRegistry must be used within a SuggestionRegistryProvider"); Kaoto's own editor (KaotoBridge)
// provides it, so the host does. The code goes in once: Kaoto's changes are recorded, not fed back as a new `code`
// (which would make Kaoto parse the route again and drop the selected node).
const codeChange = (changed) => window.__kaotoHost.codeChanges.push(changed);
const Route = () => (
  <SuggestionRegistryProvider>
    <RouteVisualization catalogUrl={catalogUrl} code={routeYaml} codeChange={codeChange} />
  </SuggestionRegistryProvider>
);

async function main() {
  const library = await (await fetch(catalogUrl)).json();
  const wanted = params.get('runtime');
  const definition = library.definitions.find((d) => d.version === wanted) ?? library.definitions[0];
  localStorage.setItem('selectedCatalog', JSON.stringify(definition));
  window.__kaotoHost.runtime = definition.name;
  document.title = `kantata-users in Kaoto: ${view} on ${definition.name}`;

  const page =
    view === 'palette' ? (
      <ReloadProvider>
        <RuntimeProvider catalogUrl={catalogUrl}>
          <SchemasLoaderProvider>
            <CatalogLoaderProvider>
              <CatalogTilesProvider>
                <div data-testid="host-palette" style={{ height: '100vh' }}>
                  <Palette />
                </div>
              </CatalogTilesProvider>
            </CatalogLoaderProvider>
          </SchemasLoaderProvider>
        </RuntimeProvider>
      </ReloadProvider>
    ) : (
      <div data-testid="host-route" style={{ height: '100vh' }}>
        <Route />
      </div>
    );
  createRoot(document.getElementById('root')).render(page);
}

main().catch((error) => {
  document.body.setAttribute('data-host-error', String(error));
  throw error;
});
