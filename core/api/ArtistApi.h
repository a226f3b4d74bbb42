#pragma once

#include <memory>

class Clock;
class HttpServer;
class LedgerReader;
class MetaStore;
class TokenStore;
class TokenAttemptLimiter;
class TokenUseRecorder;

// The artist API (README, "API"), versioned under /api/v1/, registered on
// the serve's HttpServer:
//   GET /api/v1/artist/scheduled-payouts   ArtistPayoutsController
//   GET /api/v1/artist/history             ArtistPayoutsController
//   GET /api/v1/artist/history/weekly      ArtistPayoutsController
//   GET /api/v1/engine                     EngineController
//   GET /api/v1/artist/stream              ArtistStreamHub (registerArtistStream(),
//                                          ArtistStream.h: it also needs the ChangeFeed)
// Every route needs `Authorization: Bearer <artist token>`; the artist is
// the token's, never a parameter. A client address with too many refused
// tokens gets 429 before its token is checked (TokenAttemptLimiter; one of
// its own, on stores.clock, unless `limiter` is given to share it with
// other routes). The stores must outlive the server's routes and be used
// on the thread the server answers on. `serve` answers these routes on
// reader threads instead, each with its own connection (ApiReaderPool.h).
struct ArtistApiStores
{
    TokenStore &tokens;
    LedgerReader &reader;
    MetaStore &meta;
    Clock &clock;
    // Where a good token's use is recorded instead of writing it through
    // `tokens` on each request (ApiReaderPool.h); null: through `tokens`.
    TokenUseRecorder *uses = nullptr;
};

void registerArtistApi(HttpServer &server, const ArtistApiStores &stores,
                       std::shared_ptr<TokenAttemptLimiter> limiter = {});
