#include "Settings.h"

#include "util/Logging.h"

Settings::Settings(const QString &path, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(path, QSettings::IniFormat))
{
    migrate();
}

QString Settings::name(Key key)
{
    switch (key) {
    case Key::Mode:
        return QStringLiteral("engine/mode");
    case Key::StripeApiBase:
        return QStringLiteral("stripe/apiBase");
    case Key::WebhookPort:
        return QStringLiteral("intake/webhookPort");
    case Key::ArtistId:
        return QStringLiteral("window/artist");
    case Key::FastPayoutDelaySecs:
        return QStringLiteral("engine/fastPayoutDelaySecs");
    case Key::PayoutIntervalSecs:
        return QStringLiteral("engine/payoutIntervalSecs");
    case Key::CleanupTime:
        return QStringLiteral("engine/cleanupTime");
    case Key::RateLimitPerSec:
        return QStringLiteral("stripe/rateLimitPerSec");
    case Key::MaxInFlight:
        return QStringLiteral("stripe/maxInFlight");
    case Key::PollIntervalSecs:
        return QStringLiteral("intake/pollIntervalSecs");
    case Key::PayoutGrouping:
        return QStringLiteral("engine/payoutGrouping");
    case Key::MinimumPayout:
        return QStringLiteral("engine/minimumPayout");
    case Key::RetentionDays:
        return QStringLiteral("engine/retentionDays");
    case Key::HttpMaxConnections:
        return QStringLiteral("http/maxConnections");
    case Key::HttpHeaderTimeoutSecs:
        return QStringLiteral("http/headerTimeoutSecs");
    case Key::HttpIdleTimeoutSecs:
        return QStringLiteral("http/idleTimeoutSecs");
    case Key::HttpListen:
        return QStringLiteral("http/listen");
    case Key::HttpCertificate:
        return QStringLiteral("http/certificate");
    case Key::HttpKey:
        return QStringLiteral("http/key");
    case Key::HttpBehindProxy:
        return QStringLiteral("http/behindProxy");
    case Key::StoreUrl:
        return QStringLiteral("store/url");
    case Key::StoreArtist:
        return QStringLiteral("store/artist");
    case Key::StoreCertSha256:
        return QStringLiteral("store/trustedCertificate");
    case Key::LedgerLocation:
        return QStringLiteral("ledger/location");
    }
    return {};
}

QVariant Settings::defaultValue(Key key)
{
    switch (key) {
    case Key::Mode:
        return QStringLiteral("auto");
    case Key::StripeApiBase:
        return QStringLiteral("https://api.stripe.com");
    case Key::WebhookPort:
        return 4242;
    case Key::ArtistId:
        return QString();
    case Key::FastPayoutDelaySecs:
        return 30;
    case Key::PayoutIntervalSecs:
        return 3600;
    case Key::CleanupTime:
        return QStringLiteral("03:00");
    case Key::RateLimitPerSec:
        return 25;
    case Key::MaxInFlight:
        return 8;
    case Key::PollIntervalSecs:
        return 60;
    case Key::PayoutGrouping:
        return QStringLiteral("artist");
    case Key::MinimumPayout:
        return QString();
    case Key::RetentionDays:
        return 90;
    case Key::HttpMaxConnections:
        return 1000;
    case Key::HttpHeaderTimeoutSecs:
        return 10;
    case Key::HttpIdleTimeoutSecs:
        return 60;
    case Key::HttpListen:
        return QStringLiteral("127.0.0.1");
    case Key::HttpCertificate:
    case Key::HttpKey:
        return QString();
    case Key::HttpBehindProxy:
        return false;
    case Key::StoreUrl:
    case Key::StoreArtist:
    case Key::StoreCertSha256:
    case Key::LedgerLocation:
        return QString();
    }
    return {};
}

QVariant Settings::value(Key key) const
{
    if (const auto it = m_overrides.constFind(key); it != m_overrides.cend())
        return *it;
    return m_settings->value(name(key), defaultValue(key));
}

void Settings::set(Key key, const QVariant &v)
{
    const QVariant before = value(key);
    m_overrides.remove(key);
    if (v == defaultValue(key)) {
        m_settings->remove(name(key));
    } else {
        m_settings->setValue(name(key), v);
        m_settings->setValue(QStringLiteral("meta/version"), kVersion);
    }
    if (value(key) != before)
        Q_EMIT changed(key);
}

void Settings::reset(Key key)
{
    set(key, defaultValue(key));
}

void Settings::overrideForSession(Key key, const QVariant &v)
{
    const QVariant before = value(key);
    m_overrides.insert(key, v);
    if (v != before)
        Q_EMIT changed(key);
}

QString Settings::fileName() const
{
    return m_settings->fileName();
}

void Settings::sync()
{
    m_settings->sync();
}

void Settings::migrate()
{
    // A file that does not exist stays that way until something is set:
    // reading the settings (a command, the demo) leaves no trace.
    if (m_settings->allKeys().isEmpty())
        return;
    const int version = m_settings->value(QStringLiteral("meta/version"), 0).toInt();
    if (version == kVersion)
        return;
    if (version > kVersion) {
        qCWarning(lcConfig) << "settings file" << fileName() << "is version" << version
                            << "- newer than this program; reading what it understands";
        return;
    }
    // Version 0 is a file written before versions existed (or a new one):
    // nothing to convert yet. Later steps go here, one per version.
    m_settings->setValue(QStringLiteral("meta/version"), kVersion);
}
