#pragma once

#include <QObject>
#include <QSettings>
#include <QVariant>

#include <memory>

// The typed settings of Payout Desk: one enum of keys, each with its
// QSettings name and default. Secrets are never kept here (see SecretStore).
// set() emits changed(key) only when the value really changes. The file
// carries a version, and migrate() brings an older file up to date.
class Settings final : public QObject
{
    Q_OBJECT
public:
    enum class Key {
        Mode,          // "auto" (from the key: test -> development), "development", "production"
        StripeApiBase, // https://api.stripe.com, or a fake / recording
        WebhookPort,   // loopback port of the webhook receiver
        ArtistId,      // the artist whose entries the window shows; empty: none chosen yet
        FastPayoutDelaySecs, // development mode: run this long after the last cart purchase
        PayoutIntervalSecs,  // the regular run
        CleanupTime,         // production: daily cleanup at this local time, "HH:mm"
        RateLimitPerSec,     // client-side limit on Stripe requests
        MaxInFlight,         // Stripe requests in flight at once
        PollIntervalSecs,    // Events API poller interval in serve; 0 disables
        PayoutGrouping,      // "artist" (per artist and currency) or "charge" (source_transaction)
        RetentionDays,       // processed ids and quarantine rows older than this are archived
        HttpMaxConnections,  // serve: open HTTP connections; beyond, the idlest is closed
        HttpHeaderTimeoutSecs, // serve: a request's headers must be complete within this
        HttpIdleTimeoutSecs,   // serve: a connection with nothing in or out is closed after this
        MinimumPayout, // per currency, "gbp 10.00, eur 10"; empty: none. Below it, money waits
        HttpListen,    // serve: the address it listens on; beyond loopback only with TLS or a proxy
        HttpCertificate, // serve: PEM certificate (chain) file; with HttpKey, every route is HTTPS
        HttpKey,         // serve: the certificate's unencrypted PEM private key file
        HttpBehindProxy, // serve: a reverse proxy terminates TLS; plain HTTP off loopback
        StoreUrl,        // the window: the store's URL when connected to it; empty: local ledger
        StoreArtist,     // the window: the artist of the store's token, as the store named it
        StoreCertSha256, // the window: SHA-256 (hex) of a store certificate the user trusts
        LedgerLocation,  // where the ledger lives when --ledger is not given; empty: the data
                         // folder's file
    };
    Q_ENUM(Key)

    static constexpr int kVersion = 1;

    // Settings stored in the INI file at path (created on first write).
    explicit Settings(const QString &path, QObject *parent = nullptr);

    QVariant value(Key key) const;
    void set(Key key, const QVariant &value);
    void reset(Key key);
    static QVariant defaultValue(Key key);
    static QString name(Key key);

    QString string(Key key) const { return value(key).toString(); }
    int integer(Key key) const { return value(key).toInt(); }

    // Command-line overrides for this process only: not written to the file.
    void overrideForSession(Key key, const QVariant &value);

    QString fileName() const;
    void sync();

Q_SIGNALS:
    void changed(Settings::Key key);

private:
    void migrate();

    std::unique_ptr<QSettings> m_settings;
    QHash<Key, QVariant> m_overrides;
};
