#pragma once

class Clock;
class HttpServer;
class LedgerReader;
class MetaStore;
class TokenStore;

// The artist API (README, "API"), versioned under /api/v1/, registered on
// the serve's HttpServer:
//   GET /api/v1/artist/scheduled-payouts   ArtistPayoutsController
//   GET /api/v1/artist/history             ArtistPayoutsController
//   GET /api/v1/artist/history/weekly      ArtistPayoutsController
//   GET /api/v1/engine                     EngineController
// Every route needs `Authorization: Bearer <artist token>`; the artist is
// the token's, never a parameter. The stores must outlive the server's
// routes and be used on the thread the server answers on.
struct ArtistApiStores
{
    TokenStore &tokens;
    LedgerReader &reader;
    MetaStore &meta;
    Clock &clock;
};

void registerArtistApi(HttpServer &server, const ArtistApiStores &stores);
