#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// One artist token as the ledger keeps it: never the secret, only what the
// admin needs to tell tokens apart and revoke one.
struct ArtistTokenInfo
{
    qint64 id = 0;
    QString artist;
    QString label;
    QDateTime createdAt;
    QDateTime lastUsedAt; // invalid: never used
    QDateTime revokedAt;  // invalid: not revoked
    bool revoked() const { return revokedAt.isValid(); }
};

// What issue() hands back, once: the secret itself goes to the artist and
// is never stored or shown again.
struct IssuedArtistToken
{
    ArtistTokenInfo info;
    QString secret; // pd_art_...
};

// The secrets themselves, apart from any backend.
namespace ArtistToken {
// "pd_art_" and 32 bytes from the system's cryptographic random source,
// base64url without padding (43 characters): 256 bits nobody can guess.
QString generate();
// What the ledger stores and looks a presented token up by: SHA-256 of the
// token's UTF-8 bytes, hex. A plain fast hash is enough here, unlike for a
// password: the token is 256 random bits, so there is no dictionary to try
// and a stolen hash cannot be walked back to a token; a slow or salted hash
// would only cost every API request and rule out the indexed lookup.
QByteArray hash(QStringView token);
// True for something shaped like a token (prefix and length); a cheap
// first check before the ledger is asked.
bool looksValid(QStringView token);
inline const QString kPrefix = QStringLiteral("pd_art_");
} // namespace ArtistToken

// The artists' API tokens (ARCHITECTURE.md, "Access"): issued by the admin,
// shown once, kept as a hash, revocable. A token reads its own artist's
// data and nothing else; the API takes the artist from authenticate() and
// never from the request. Each method commits on its own, or joins the
// caller's write when inside one.
class TokenStore
{
public:
    virtual ~TokenStore() = default;

    // A new token for a known artist (a Validation error names an unknown
    // one, so a mistyped id gets no token). The label is the admin's note
    // ("laptop", "phone"); it may be empty.
    virtual Result<IssuedArtistToken> issue(const QString &artist, const QString &label) = 0;
    // Every token (or one artist's), oldest first, revoked ones too.
    virtual Result<QList<ArtistTokenInfo>> list(const QString &artist = {}) = 0;
    // True when the token was live and is revoked now; false when there is
    // no such token or it was revoked before. Takes effect at once: the next
    // authenticate() with it finds nothing.
    virtual Result<bool> revoke(qint64 id) = 0;
    // The artist a live token belongs to, or nullopt for a token that is
    // unknown, revoked or malformed (the caller cannot tell which, and
    // should not: every refusal looks the same). Records the use, at most
    // once a minute per token, so a busy client does not write per request;
    // Use::Check records nothing (an open stream checking that its token
    // still holds, which must not write).
    enum class Use { Record, Check };
    virtual Result<std::optional<QString>> authenticate(const QString &secret,
                                                        Use use = Use::Record) = 0;
    // Records a use now of each of these tokens, in one commit of its own:
    // a server's batch of the uses its requests only checked. A last use is
    // a hint for the admin, not money, so the commit does not wait for the
    // disk (it becomes durable with the next commit that does) nor for
    // another connection's write (a failed batch is written by a later
    // one). Unknown, revoked or malformed tokens are skipped; a token
    // written less than kLastUsedGranularityMs ago is left as it is.
    virtual Status recordUses(const QStringList &secrets) = 0;

    // How stale last-used may get before a use is written again.
    static constexpr qint64 kLastUsedGranularityMs = 60'000;
};
