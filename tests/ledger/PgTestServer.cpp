#include "PgTestServer.h"

#include <QDir>
#include <QFile>

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const QString kSuperuser = QStringLiteral("payoutdesk");
constexpr int kStepMs = 60'000; // a bound per step, not a wait: each step ends on an event

// The newest installed server's binaries: Debian keeps them in
// /usr/lib/postgresql/MAJOR/bin.
QString findBinDir()
{
    const QByteArray given = qgetenv("PAYOUTDESK_PG_BINDIR");
    if (!given.isEmpty())
        return QString::fromLocal8Bit(given);
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList majors = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(majors.begin(), majors.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &m : majors)
        if (QFile::exists(root.filePath(m + QStringLiteral("/bin/postgres"))))
            return root.filePath(m + QStringLiteral("/bin"));
    return {};
}

// As root the server runs as another user, who must be able to reach the
// cluster's folder: /tmp is open to all, a root's own TMPDIR may not be.
QString folderTemplate()
{
    const QString base = geteuid() == 0 ? QStringLiteral("/tmp") : QDir::tempPath();
    return base + QStringLiteral("/payoutdesk-pg-XXXXXX");
}

} // namespace

PgTestServer::PgTestServer()
    : m_dir(folderTemplate())
    , m_binDir(findBinDir())
{}

PgTestServer::~PgTestServer()
{
    stop();
}

QString PgTestServer::tool(const QString &name) const
{
    return QDir(m_binDir).filePath(name);
}

QStringList PgTestServer::dropPrivileges() const
{
    if (m_user.isEmpty())
        return {};
    return {QStringLiteral("--reuid=%1").arg(m_uid), QStringLiteral("--regid=%1").arg(m_gid),
            QStringLiteral("--clear-groups")};
}

Result<QByteArray> PgTestServer::run(const QString &program, const QStringList &args,
                                     bool asServerUser)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (asServerUser && !m_user.isEmpty()) {
        p.setProgram(QStringLiteral("setpriv"));
        p.setArguments(dropPrivileges() + QStringList{program} + args);
    } else {
        p.setProgram(program);
        p.setArguments(args);
    }
    p.setWorkingDirectory(m_dir.path());
    p.start();
    if (!p.waitForFinished(kStepMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return fail(Error::io(QStringLiteral("%1 failed (%2): %3")
                                  .arg(QFileInfo(program).fileName(), p.errorString(),
                                       QString::fromLocal8Bit(p.readAll()).trimmed())));
    return p.readAll();
}

Status PgTestServer::start()
{
    if (!m_dir.isValid())
        return fail(Error::io(QStringLiteral("no temporary folder: %1").arg(m_dir.errorString())));
    if (m_binDir.isEmpty())
        return fail(Error::config(
            QStringLiteral("no PostgreSQL server installed (/usr/lib/postgresql/*/bin/postgres); "
                           "scripts/dev.sh installs the postgresql package")));
    if (geteuid() == 0) {
        const QByteArray wanted = qEnvironmentVariableIsSet("PAYOUTDESK_TEST_PG_USER")
                                      ? qgetenv("PAYOUTDESK_TEST_PG_USER")
                                      : QByteArray("postgres");
        const passwd *pw = getpwnam(wanted.constData());
        if (!pw || pw->pw_uid == 0)
            return fail(Error::config(
                QStringLiteral("running as root, and there is no unprivileged user \"%1\" to run "
                               "the test server as (PostgreSQL refuses root); install the "
                               "postgresql package or set PAYOUTDESK_TEST_PG_USER")
                    .arg(QString::fromLocal8Bit(wanted))));
        m_user = QString::fromLocal8Bit(wanted);
        m_uid = pw->pw_uid;
        m_gid = pw->pw_gid;
        // The cluster's folder belongs to that user, and only to it.
        if (::chown(QFile::encodeName(m_dir.path()).constData(), m_uid, m_gid) != 0 ||
            ::chmod(QFile::encodeName(m_dir.path()).constData(), 0700) != 0)
            return fail(
                Error::io(QStringLiteral("cannot give %1 to %2").arg(m_dir.path(), m_user)));
    }
    const QString data = m_dir.filePath(QStringLiteral("data"));
    if (Result<QByteArray> r =
            run(tool(QStringLiteral("initdb")),
                {QStringLiteral("-D"), data, QStringLiteral("-U"), kSuperuser,
                 QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                 QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-sync")},
                true);
        !r)
        return fail(r.error());
    return launch();
}

Status PgTestServer::restart()
{
    stop();
    return launch();
}

Status PgTestServer::launch()
{
    const QString data = m_dir.filePath(QStringLiteral("data"));
    m_log.clear();
    m_server = std::make_unique<QProcess>();
    m_server->setProcessChannelMode(QProcess::MergedChannels);
    m_server->setWorkingDirectory(m_dir.path());
    // Only a unix socket in our own folder; fsync off, since this cluster
    // is thrown away (the ledger still asks for synchronous_commit=on,
    // which the tests see set).
    const QStringList serverArgs = {
        QStringLiteral("-D"), data,
        QStringLiteral("-k"), m_dir.path(),
        QStringLiteral("-c"), QStringLiteral("listen_addresses="),
        QStringLiteral("-c"), QStringLiteral("fsync=off"),
        QStringLiteral("-c"), QStringLiteral("max_connections=50"),
        QStringLiteral("-c"), QStringLiteral("log_min_messages=warning")};
    m_server->setProgram(QStringLiteral("setpriv"));
    m_server->setArguments(
        dropPrivileges() +
        QStringList{QStringLiteral("--pdeathsig=QUIT"), tool(QStringLiteral("postgres"))} +
        serverArgs);
    m_server->start();
    if (!m_server->waitForStarted(kStepMs))
        return fail(
            Error::io(QStringLiteral("cannot start postgres: %1").arg(m_server->errorString())));
    // Ready when postgres says so on its log (stderr), read as it comes.
    const QByteArray ready = "database system is ready to accept connections";
    while (!m_log.contains(ready)) {
        if (m_server->state() != QProcess::Running ||
            (!m_server->waitForReadyRead(kStepMs) && m_server->bytesAvailable() == 0)) {
            m_log += m_server->readAll();
            return fail(Error::io(QStringLiteral("postgres did not start: %1")
                                      .arg(QString::fromLocal8Bit(m_log).trimmed())));
        }
        m_log += m_server->readAll();
    }
    return {};
}

void PgTestServer::stop()
{
    if (!m_server)
        return;
    if (m_server->state() != QProcess::NotRunning) {
        // SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for clients).
        ::kill(pid_t(m_server->processId()), SIGINT);
        if (!m_server->waitForFinished(kStepMs)) {
            m_server->kill();
            m_server->waitForFinished(kStepMs);
        }
    }
    m_server.reset();
}

QString PgTestServer::url(const QString &database) const
{
    // The host names the socket's folder; libpq takes it from the query.
    return QStringLiteral("postgresql://%1@localhost/%2?host=%3")
        .arg(kSuperuser, database, m_dir.path());
}

Result<QString> PgTestServer::createDatabase(const QString &name)
{
    if (Result<QByteArray> r = run(
            tool(QStringLiteral("createdb")),
            {QStringLiteral("-h"), m_dir.path(), QStringLiteral("-U"), kSuperuser, name}, false);
        !r)
        return fail(r.error());
    return url(name);
}

void PgTestServer::dropDatabase(const QString &name)
{
    (void)run(tool(QStringLiteral("dropdb")),
              {QStringLiteral("-h"), m_dir.path(), QStringLiteral("-U"), kSuperuser,
               QStringLiteral("--force"), name},
              false);
}

Status PgTestServer::runScript(const QString &database, const QString &file)
{
    return psql(database, {QStringLiteral("-f"), file});
}

Status PgTestServer::runSql(const QString &database, const QString &text)
{
    return psql(database, {QStringLiteral("-c"), text});
}

Status PgTestServer::psql(const QString &database, const QStringList &input)
{
    if (Result<QByteArray> r = run(
            tool(QStringLiteral("psql")),
            QStringList{QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"),
                        QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("--single-transaction")} +
                input +
                QStringList{QStringLiteral("-h"), m_dir.path(), QStringLiteral("-U"), kSuperuser,
                            QStringLiteral("-d"), database},
            false);
        !r)
        return fail(r.error());
    return {};
}
