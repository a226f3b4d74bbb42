#include "LedgerLocation.h"

#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QUrlQuery>

namespace {

QMutex passwordMutex;
QByteArray keychainPassword; // guarded by passwordMutex

} // namespace

void LedgerLocation::setServerPassword(const QByteArray &password)
{
    const QMutexLocker lock(&passwordMutex);
    keychainPassword = password;
}

QByteArray LedgerLocation::serverPassword()
{
    const QByteArray fromEnvironment = qgetenv("PAYOUTDESK_DB_PASSWORD");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QMutexLocker lock(&passwordMutex);
    return keychainPassword;
}

LedgerLocation LedgerLocation::sqliteFile(const QString &path)
{
    LedgerLocation l;
    l.m_backend = Backend::Sqlite;
    l.m_path = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    return l;
}

Result<LedgerLocation> LedgerLocation::parse(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return fail(Error::config(QStringLiteral("the ledger location is empty")));
    const qsizetype colon = t.indexOf(u':');
    // A bare path, including a Windows drive letter ("C:\...") and a path
    // that merely contains a colon after a slash.
    const bool hasScheme = colon > 1 && !t.left(colon).contains(u'/');
    if (!hasScheme)
        return sqliteFile(t);
    const QString scheme = t.left(colon).toLower();
    if (scheme == u"sqlite" || scheme == u"file") {
        const QUrl url(t, QUrl::StrictMode);
        QString path = url.isValid() && !url.path().isEmpty() ? url.path(QUrl::FullyDecoded)
                                                              : t.mid(colon + 1);
        if (!url.host().isEmpty() && url.host() != u"localhost")
            return fail(Error::config(
                QStringLiteral("a SQLite ledger is a local file; write sqlite:///%1 (three "
                               "slashes) for an absolute path")
                    .arg(url.host() + url.path())));
        if (path.isEmpty())
            return fail(Error::config(QStringLiteral("%1 names no file").arg(t)));
        return sqliteFile(path);
    }
    if (scheme == u"postgres" || scheme == u"postgresql") {
        QUrl url(t, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return fail(Error::config(
                QStringLiteral("%1 is not a PostgreSQL URL (postgresql://USER@HOST[:PORT]/DB)")
                    .arg(url.toDisplayString(QUrl::RemovePassword))));
        // A password in the query (`?password=`) is as much in the URL as
        // one before the host.
        if (!url.password().isEmpty() || QUrlQuery(url).hasQueryItem(QStringLiteral("password")))
            return fail(Error::config(QStringLiteral(
                "the ledger URL holds a password; store it in the keychain (the Settings dialog, "
                "or `ledger password` on the command line), PAYOUTDESK_DB_PASSWORD, PGPASSWORD "
                "or ~/.pgpass instead, never in settings or on a command line")));
        url.setScheme(QStringLiteral("postgresql"));
        LedgerLocation l;
        l.m_backend = Backend::Postgres;
        l.m_url = url;
        return l;
    }
    return fail(Error::config(
        QStringLiteral("unknown ledger location scheme \"%1:\" (use a file path, sqlite:///PATH "
                       "or postgresql://USER@HOST/DB)")
            .arg(scheme)));
}

QString LedgerLocation::toString() const
{
    if (m_backend == Backend::Postgres)
        return m_url.toString(QUrl::RemovePassword);
    if (m_path.isEmpty())
        return {};
    QUrl url = QUrl::fromLocalFile(m_path);
    url.setScheme(QStringLiteral("sqlite"));
    return url.toString(QUrl::FullyEncoded);
}

QString LedgerLocation::displayName() const
{
    return m_backend == Backend::Sqlite ? QDir::toNativeSeparators(m_path)
                                        : m_url.toDisplayString(QUrl::RemovePassword);
}
