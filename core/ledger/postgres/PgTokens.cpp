// Artists' API tokens on PostgreSQL (ledger/TokenStore.h).
#include "PostgresStores.h"

#include "ledger/postgres/PostgresLedger.h"
#include "util/Clock.h"

namespace {

QDateTime timeAt(const PgResult &r, int row, int col)
{
    return r.isNull(row, col) ? QDateTime()
                              : QDateTime::fromMSecsSinceEpoch(r.int64(row, col), Qt::UTC);
}

} // namespace

Result<IssuedArtistToken> PgTokens::issue(const QString &artist, const QString &label)
{
    IssuedArtistToken out;
    const Status s = m_db.write([&]() -> Status {
        const Result<PgResult> known =
            m_db.conn().exec("SELECT 1 FROM artists WHERE id = $1", {artist});
        if (!known)
            return fail(known.error());
        if (!known->rows())
            return fail(Error{Error::Kind::Validation,
                              QStringLiteral("there is no artist %1").arg(artist)});
        out.secret = ArtistToken::generate();
        const qint64 now = m_db.clock().nowMs();
        const Result<PgResult> r = m_db.conn().exec(
            "INSERT INTO artist_tokens (artist, label, token_hash, created_at) "
            "VALUES ($1, $2, $3, $4) RETURNING id",
            {artist, label, QString::fromLatin1(ArtistToken::hash(out.secret)), now});
        if (!r)
            return fail(r.error());
        out.info.id = r->int64(0, 0);
        out.info.artist = artist;
        out.info.label = label;
        out.info.createdAt = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
        return {};
    });
    if (!s)
        return fail(s.error());
    return out;
}

Result<QList<ArtistTokenInfo>> PgTokens::list(const QString &artist)
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT id, artist, label, created_at, last_used_at, revoked_at FROM artist_tokens "
        "WHERE $1::text IS NULL OR artist = $1 ORDER BY id",
        {PgParam::orNull(artist)});
    if (!r)
        return fail(r.error());
    QList<ArtistTokenInfo> out;
    for (int i = 0; i < r->rows(); ++i)
        out.append({r->int64(i, 0), r->text(i, 1), r->text(i, 2), timeAt(*r, i, 3),
                    timeAt(*r, i, 4), timeAt(*r, i, 5)});
    return out;
}

Result<bool> PgTokens::revoke(qint64 id)
{
    bool revoked = false;
    const Status s = m_db.write([&]() -> Status {
        const Result<PgResult> r = m_db.conn().exec(
            "UPDATE artist_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            {m_db.clock().nowMs(), id});
        if (!r)
            return fail(r.error());
        revoked = r->affected() == 1;
        return {};
    });
    if (!s)
        return fail(s.error());
    return revoked;
}

Result<std::optional<QString>> PgTokens::authenticate(const QString &secret, Use use)
{
    if (!ArtistToken::looksValid(secret))
        return std::optional<QString>();
    const Result<PgResult> r =
        m_db.conn().exec("SELECT id, artist, COALESCE(last_used_at, 0) FROM artist_tokens "
                         "WHERE token_hash = $1 AND revoked_at IS NULL",
                         {QString::fromLatin1(ArtistToken::hash(secret))});
    if (!r)
        return fail(r.error());
    if (!r->rows())
        return std::optional<QString>();
    const qint64 id = r->int64(0, 0);
    const QString artist = r->text(0, 1);
    const qint64 now = m_db.clock().nowMs();
    if (use == Use::Record && now - r->int64(0, 2) >= kLastUsedGranularityMs) {
        // Best effort, and only forward: several instances may race to
        // record the same use.
        (void)m_db.write([&]() -> Status {
            const Result<PgResult> u =
                m_db.conn().exec("UPDATE artist_tokens SET last_used_at = $1 WHERE id = $2 "
                                 "AND (last_used_at IS NULL OR last_used_at < $1)",
                                 {now, id});
            return u ? Status() : Status(fail(u.error()));
        });
    }
    return std::optional<QString>(artist);
}

Status PgTokens::recordUses(const QStringList &secrets)
{
    QStringList hashes;
    for (const QString &secret : secrets)
        if (ArtistToken::looksValid(secret))
            hashes << QString::fromLatin1(ArtistToken::hash(secret));
    if (hashes.isEmpty())
        return {};
    const qint64 now = m_db.clock().nowMs();
    const bool own = !m_db.inTransaction();
    return m_db.write([&]() -> Status {
        // A hint, not money: on its own, the commit does not wait for the
        // WAL flush, nor long for rows another instance is writing.
        if (own) {
            const Result<PgResult> relaxed =
                m_db.conn().exec("SELECT set_config('synchronous_commit', 'off', true), "
                                 "set_config('lock_timeout', '200ms', true)");
            if (!relaxed)
                return fail(relaxed.error());
        }
        const Result<PgResult> u = m_db.conn().exec(
            "UPDATE artist_tokens SET last_used_at = $1 WHERE token_hash = ANY($2::text[]) "
            "AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at <= $3)",
            {now, PgParam::textArray(hashes), now - kLastUsedGranularityMs});
        return u ? Status() : Status(fail(u.error()));
    });
}
