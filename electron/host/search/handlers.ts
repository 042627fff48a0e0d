/** The `search` area of the bridge (arguments arrive validated against shared/bridge/search.ts). */
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import { DEFAULT_SEARCH_LIMIT, DEFAULT_TITLES_LIMIT } from '../../../shared/bridge/search';
import type { WorkspaceService } from '../workspace/workspace-service';
import { SearchService } from './search-service';

export function createSearchHandlers(workspaces: WorkspaceService): BridgeHandlers['search'] {
  const service = new SearchService(workspaces);
  return {
    query: async ({ workspaceId, text, kinds, tags, authors, limit }) => {
      const index = await (await service.for(workspaceId)).current();
      return index.query({ text, kinds, tags, authors, limit: limit ?? DEFAULT_SEARCH_LIMIT });
    },
    titles: async ({ workspaceId, text, limit }) => {
      const index = await (await service.for(workspaceId)).current();
      return index.titles(text, limit ?? DEFAULT_TITLES_LIMIT);
    },
    facets: async ({ workspaceId }) => {
      const search = await service.for(workspaceId);
      return (await search.current()).facets(search.nameOf);
    },
  };
}
