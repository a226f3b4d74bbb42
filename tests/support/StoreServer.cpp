#include "StoreServer.h"

#include "api/ArtistApi.h"
#include "api/TokenAttemptLimiter.h"
#include "ledger/Ledger.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>

StoreServer::StoreServer(Ledger &ledger, Clock &clock, std::optional<QSslConfiguration> tls)
    : m_ledger(ledger)
    , m_clock(clock)
    , m_tls(std::move(tls))
{}

StoreServer::~StoreServer()
{
    stop();
}

quint16 StoreServer::start(quint16 port)
{
    stop();
    m_server = std::make_unique<HttpServer>();
    m_server->setClock(m_clock);
    m_server->setTls(m_tls);
    const ArtistApiStores stores{m_ledger.tokens(), m_ledger.reader(), m_ledger.meta(), m_clock};
    const auto limiter = std::make_shared<TokenAttemptLimiter>(m_clock);
    registerArtistApi(*m_server, stores, limiter);
    ArtistStreamHub::Options options;
    options.pollMs = 20;
    m_hub = registerArtistStream(*m_server, stores, m_ledger.changes(), limiter, options);
    QObject::connect(&m_ledger, &Ledger::changed, m_hub, &ArtistStreamHub::ledgerChanged);
    m_port = m_server->listenLoopback(port ? port : m_port);
    return m_port;
}

void StoreServer::stop()
{
    m_hub = nullptr;
    m_server.reset();
}

QUrl StoreServer::url() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2")
                    .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
                    .arg(m_port));
}

bool StoreServer::makeSelfSigned(const QString &dir, QString *certificate, QString *key,
                                 QString *problem)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        *problem = QStringLiteral("the openssl command is needed to make a certificate");
        return false;
    }
    *certificate = QDir(dir).filePath(QStringLiteral("cert.pem"));
    *key = QDir(dir).filePath(QStringLiteral("key.pem"));
    QProcess p;
    p.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                      QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                      QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                      QStringLiteral("-keyout"), *key, QStringLiteral("-out"), *certificate,
                      QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                      QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                      QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost")});
    if (!p.waitForFinished(60'000) || p.exitCode() != 0) {
        *problem = QString::fromLocal8Bit(p.readAllStandardError());
        return false;
    }
    return true;
}

std::optional<QSslConfiguration> StoreServer::selfSignedTls(const QString &dir, QString *problem)
{
    QString certificate;
    QString key;
    if (!makeSelfSigned(dir, &certificate, &key, problem))
        return std::nullopt;
    const Result<QSslConfiguration> tls = HttpServer::loadTls(certificate, key);
    if (!tls) {
        *problem = tls.error().message;
        return std::nullopt;
    }
    return *tls;
}
