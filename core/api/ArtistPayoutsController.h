#pragma once

#include "api/ArtistApi.h"
#include "api/TokenAttemptLimiter.h"
#include "http/HttpRequest.h"
#include "http/HttpServer.h"

#include <memory>

// An artist's money, read for their own window: what is scheduled, what was
// paid (by transfer), and paid per week. Each handler reads through
// LedgerReader for the token's artist only.
class ArtistPayoutsController final
{
public:
    ArtistPayoutsController(const ArtistApiStores &stores,
                            std::shared_ptr<TokenAttemptLimiter> limiter)
        : m_stores(stores)
        , m_limiter(std::move(limiter))
    {}

    void scheduledPayouts(const HttpRequest &request, HttpReply reply) const;
    void history(const HttpRequest &request, HttpReply reply) const;
    void weekly(const HttpRequest &request, HttpReply reply) const;

    static constexpr qint64 kDefaultLimit = 50;
    static constexpr qint64 kMaxLimit = 200;
    static constexpr qint64 kDefaultWeeks = 12;
    static constexpr qint64 kMaxWeeks = 104;

private:
    ArtistApiStores m_stores;
    std::shared_ptr<TokenAttemptLimiter> m_limiter;
};

// The engine as the artist's window shows it: its mode, whether it runs,
// its next run and how its last run went (EngineStatus), without the
// store-wide figures of that run.
class EngineController final
{
public:
    EngineController(const ArtistApiStores &stores, std::shared_ptr<TokenAttemptLimiter> limiter)
        : m_stores(stores)
        , m_limiter(std::move(limiter))
    {}
    void engine(const HttpRequest &request, HttpReply reply) const;

private:
    ArtistApiStores m_stores;
    std::shared_ptr<TokenAttemptLimiter> m_limiter;
};
