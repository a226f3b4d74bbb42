#pragma once

#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <optional>

class Clock;
class SqliteStatement;
struct sqlite3;

// The durable ledger: one SQLite file in WAL mode. A Ledger object owns one
// database connection and must be used on the thread that called open();
// another thread opens its own Ledger on the same file. Every write runs in
// one IMMEDIATE transaction with synchronous=FULL, so a commit that returned
// is on disk, and a write that failed leaves nothing behind.
class Ledger final : public QObject
{
    Q_OBJECT
public:
    explicit Ledger(QString path, Clock &clock, QObject *parent = nullptr);
    ~Ledger() override;
    Ledger(const Ledger &) = delete;
    Ledger &operator=(const Ledger &) = delete;

    // Opens the file (creating it and its folder) and migrates it to the
    // current schema. Call once, on the thread that will use this object.
    Status open();
    // For tests that need a file as an older release left it.
    Status openAtVersion(int schemaVersion);
    void close();
    bool isOpen() const;

    const QString &path() const { return m_path; }
    QSqlDatabase database() const;
    // The connection's SQLite handle, for SqliteStatement on hot paths.
    sqlite3 *sqliteHandle() const;
    // A statement prepared once per connection and kept until close(); sql
    // must be a string literal (its address is the cache key).
    SqliteStatement &statement(const char *sql);
    Clock &clock() const { return m_clock; }

    // Runs work inside BEGIN IMMEDIATE ... COMMIT. If work returns an error or
    // the commit fails, everything is rolled back. changed() is emitted after
    // a successful commit.
    Status write(const std::function<Status()> &work);
    // Runs work exactly as write() does, then rolls it back: a dry run that
    // sees every change the real run would make.
    Status rehearse(const std::function<Status()> &work);

    // Appends an audit row; only valid inside write().
    Status audit(const QString &actor, const QString &action, const QString &artist = {},
                 qint64 entryId = 0, const QString &detail = {});

    // SQLite's data_version: changes when another connection (another
    // process) commits to the file. The window polls it to follow changes
    // made by `payoutdesk serve` or `trigger-payouts` without a restart.
    Result<qint64> dataVersion();
    // Commits made through this object; with dataVersion() it tells a cache
    // whether anything at all has changed since it was filled.
    qint64 commitCount() const { return m_commits; }

    Result<QString> meta(const QString &key);
    Status setMeta(const QString &key, const QString &value);

    // Totals per artist and currency from the totals table. An empty artist
    // means every artist.
    Result<QList<ArtistBalance>> balances(const QString &artist = {});
    Result<QHash<EntryState, qint64>> stateCounts();

    struct EntryFilter
    {
        QString artist;           // empty: all artists
        QList<EntryState> states; // empty: all states
        int limit = 500;
        qint64 offset = 0;
    };
    Result<QList<Entry>> entries(const EntryFilter &filter);
    Result<qint64> countEntries(const EntryFilter &filter);

    Result<QList<Artist>> artists();
    Result<std::optional<Artist>> artist(const QString &id);
    // Links an artist to a connected account (creating the artist if needed)
    // and releases entries held for lack of an account back to pending.
    // Returns how many entries were released.
    Result<int> linkArtist(const QString &artist, const QString &account, const QString &actor);

    Result<QList<QuarantinedEvent>> quarantine(const QString &status = QStringLiteral("open"));
    Result<std::optional<QuarantinedEvent>> quarantinedEvent(qint64 id);

    // The webhook inbox (ARCHITECTURE.md, "Data flow"). journal() appends
    // raw, already verified event bodies in one durable transaction and
    // returns their row ids in order.
    Result<QList<qint64>> journal(const QList<QByteArray> &bodies, const QString &source);
    // Up to `limit` waiting rows, oldest first; rows held back after a
    // database error are included only once their next attempt is due at
    // `nowMs` (pass a huge value to take every waiting row). Only rows after
    // `afterId`.
    Result<QList<InboxRow>> inboxDue(int limit, qint64 nowMs, qint64 afterId = 0);
    // Marks rows applied at `atMs`; only valid inside write(), so that the
    // mark commits with the rows' effects.
    Status markInboxApplied(const QList<qint64> &ids, qint64 atMs);
    // Counts a failed attempt on a row and holds it back until retryAtMs.
    Status inboxAttemptFailed(qint64 id, const QString &error, qint64 retryAtMs);
    // The earliest next attempt of a row held back, or -1 when none is.
    Result<qint64> inboxNextRetry();
    Result<InboxBacklog> inboxBacklog();

    // Schema integrity and conservation of money (ARCHITECTURE.md).
    Result<VerifyReport> verify();

Q_SIGNALS:
    // Emitted after every successful write by this object.
    void changed();

private:
    Status openConnection();
    Status transact(const std::function<Status()> &work, bool commit);
    Status exec(const QString &sql);

    QString m_path;
    QString m_connectionName;
    Clock &m_clock;
    bool m_inWrite = false;
    qint64 m_commits = 0;
    std::optional<QSqlQuery> m_auditInsert; // prepared once: every money change writes one
    QHash<const char *, std::shared_ptr<SqliteStatement>> m_statements;
};
