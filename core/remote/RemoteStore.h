#pragma once

#include "remote/StoreSnapshot.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class Clock;
class QSslError;

// A window's connection to a store's artist API (README, "API"): it reads
// the artist's scheduled payouts, history and the engine into a
// StoreSnapshotReader, keeps the live stream (GET /api/v1/artist/stream)
// open and reads again after each of its events, resuming the stream from
// its last event id after a break. The views read the snapshot through the
// ledger's read interfaces (reader()), so they never know a store from a
// local ledger.
//
// Offline (the store does not answer, or the stream broke) the last
// snapshot stays and offlineSince() says since when; it reconnects by
// itself after 1 s, 2 s, 4 s ... up to a minute (timers scaled by the
// injected Clock), then reads everything again. A refused token (401, or
// the stream's `revoked`) and a certificate this computer does not trust
// stop it until setCredentials() or trustCertificate(); problem() says what is
// wrong in one sentence a person can act on. The token is sent in the
// Authorization header only: it is never in a URL, a log line or problem().
//
// TLS: the system's trusted certificates, and beyond them one certificate
// the user trusts by its SHA-256 fingerprint (a store with a self-signed
// certificate): an error of that very certificate is accepted, unless it
// expired. No other SSL error is ever ignored. Plain http:// only to a
// loopback address (parseUrl()).
class RemoteStore final : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Connecting, // the first read has not answered yet
        Online,     // the snapshot is fresh and the stream open
        Offline,    // the store does not answer; retrying
        Refused,    // the token was refused (401 or revoked); waiting for a new one
        Untrusted,  // the store's certificate is not trusted; waiting for the user
    };
    Q_ENUM(State)

    struct Options
    {
        QUrl url; // the store's base URL (parseUrl())
        QString token;
        QString trustedCertificate; // SHA-256, hex; empty: the system's trust only
        qint64 firstRetryMs = 1'000;
        qint64 maxRetryMs = 60'000;
        qint64 enginePollMs = 30'000;    // the engine's heartbeat changes without events
        qint64 streamSilenceMs = 45'000; // three missed heartbeats: the stream is gone
        int requestTimeoutMs = 15'000;
    };

    RemoteStore(Options options, Clock &clock, QObject *parent = nullptr);
    ~RemoteStore() override;

    // The store's URL as a person types it ("payouts.example.com",
    // "https://...", "127.0.0.1:4242"): without a scheme, https, or http for a
    // loopback address. A plain http:// URL to another machine is refused
    // (the token would travel in the clear); the reason is in `problem`.
    static QUrl parseUrl(const QString &text, QString *problem);

    void start();
    StoreSnapshotReader &reader() { return m_reader; }
    const QUrl &url() const { return m_options.url; }

    State state() const { return m_state; }
    QString problem() const { return m_problem; }
    // When the store stopped answering (invalid while online).
    QDateTime offlineSince() const { return m_offlineSince; }
    QString artist() const { return m_reader.snapshot().artist; }
    QString lastEventId() const { return m_lastEventId; }
    bool streamOpen() const { return m_stream; }
    // The fingerprint (SHA-256, hex) of the certificate last refused.
    QString refusedCertificate() const { return m_refusedCertificate; }

    // How the last finished read went, for a benchmark's breakdown of a
    // refresh (bench_connected).
    struct ReadStats
    {
        int requests = 0;     // GETs it made
        qint64 bytes = 0;     // answer bodies received
        qint64 waitNs = 0;    // from each GET sent to its whole answer: the store and the wire
        qint64 parseNs = 0;   // parsing the answers into entries, on this thread
        qint64 totalNs = 0;   // from the read's start to the new snapshot
        bool history = false; // History's pages were read too
    };
    const ReadStats &lastReadStats() const { return m_lastStats; }

    // A new token (and the certificate trusted with it): reads everything
    // again at once.
    void setCredentials(const QString &token, const QString &trustedCertificate);
    void trustCertificate(const QString &sha256);
    // Tries again now instead of at the next retry.
    void reconnectNow();

Q_SIGNALS:
    // The snapshot changed (the window's LedgerWatcher notifier).
    void changed();
    void stateChanged(RemoteStore::State state);
    // A `payouts` event arrived on the stream (before it is read).
    void streamEvent(const QString &id);

private:
    enum class Part { Engine, Scheduled, History };
    struct Read
    {
        int generation = 0;
        bool history = false;
        // History's newest page only, merged into the transfers held
        // (mergeNewestHistory()); a full read when it does not add up.
        bool newestHistory = false;
        qint64 historyTotal = -1; // transfers, as the page said
        StoreSnapshot next;
        QString cursor;
        QElapsedTimer started;
        ReadStats stats;
    };

    QNetworkRequest request(const QString &path, const QString &query = {}) const;
    QNetworkReply *get(const QNetworkRequest &request);
    // Reads the artist's scheduled payouts again; with `history` their
    // history too (with `newest`, only its newest page when that adds up),
    // with `engine` the engine's route too.
    void refresh(bool history, bool engine = true, bool newest = false);
    bool mergeNewestHistory();
    void fetch(Part part);
    void onFetched(QNetworkReply *reply, Part part, int generation);
    bool parse(Part part, const QJsonObject &o);
    bool leftTheSchedule() const;
    void finishRead();
    void openStream();
    void onStreamBytes();
    void onStreamEnded();
    void handleEvent(const QByteArray &event, const QByteArray &id, const QByteArray &data);
    void pollEngine();
    // Classifies a failed reply and acts on it (offline, refused, untrusted).
    void failed(QNetworkReply *reply);
    void goOffline(const QString &problem);
    void setState(State state, const QString &problem);
    void scheduleRetry(qint64 atLeastMs = 0);
    void closeStream();
    void onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors);

    Options m_options;
    Clock &m_clock;
    QNetworkAccessManager m_nam;
    StoreSnapshotReader m_reader;
    State m_state = State::Connecting;
    QString m_problem;
    QDateTime m_offlineSince;
    QString m_refusedCertificate;
    QString m_sslProblem;        // the sentence for the handshake that just failed
    bool m_sslTrustable = false; // and whether the user may trust its certificate

    int m_generation = 0;
    std::optional<Read> m_read;
    bool m_readAgain = false;
    bool m_historyAgain = false;
    bool m_engineAgain = false;
    bool m_newestAgain = true;
    QByteArray m_lastPaid; // the last event's `paid`, to tell when history moved
    // The last event's `paid` per currency: amount and entries.
    QMap<QString, std::pair<qint64, qint64>> m_paidTotals;
    bool m_paidKnown = false;
    ReadStats m_lastStats;

    QPointer<QNetworkReply> m_stream;
    QByteArray m_streamBuffer;
    QString m_lastEventId;
    QTimer m_silence;
    QTimer m_retry;
    QTimer m_engine;
    qint64 m_retryMs = 0;
};
