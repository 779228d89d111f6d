import type { PortfolioData } from './portfolio.js';

export const PORTFOLIO: PortfolioData = { provenance: 'not built yet', entries: { binary: [], multiclass: [], regression: [] } };
