// The IBKR execution venue: routing, order mapping and reconciliation over @nws/marketdata's
// shared IbkrConnection.
export { IbkrVenue } from './ibkr-venue.js';
export type { IbkrAlert, IbkrAlertKind, IbkrVenueOptions } from './ibkr-venue.js';
export { OCA_CANCEL_WITH_BLOCK, ORDER_REJECTION_CODES, ibDateTime, statusMeaning, toIbOrder } from './ibkr-order-mapping.js';
export type { IbOrderLinks, IbStatusMeaning } from './ibkr-order-mapping.js';
