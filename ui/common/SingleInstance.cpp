#include "SingleInstance.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QMainWindow>
#include <QStandardPaths>

#include <unistd.h>

namespace {

const QByteArray kActivate = QByteArrayLiteral("activate\n");
// Connecting to a live local socket succeeds at once, whether or not its
// owner's event loop is busy; this only bounds a dead end.
constexpr int kConnectMs = 1000;

} // namespace

SingleInstance::SingleInstance(QString key, QObject *parent)
    : QObject(parent)
    , m_key(std::move(key))
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::keyFor(const QString &dataDir)
{
    const QFileInfo info(dataDir);
    const QString path = info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
    const QByteArray hash =
        QCryptographicHash::hash(QDir::cleanPath(path).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    // In the user's runtime folder (XDG_RUNTIME_DIR, mode 0700, which Qt
    // checks), not /tmp: another user could take a name there first and
    // keep this user's window from starting.
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    const QString name = QStringLiteral("payoutdesk-%1").arg(QString::fromLatin1(hash));
    if (runtime.isEmpty())
        return QStringLiteral("payoutdesk-%1-").arg(::getuid()) + QString::fromLatin1(hash);
    return runtime + u'/' + name;
}

bool SingleInstance::claim()
{
    if (m_server)
        return true;
    // Two starts at once: the one that loses the race to listen finds the
    // winner on its second look.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (askRunningInstance())
            return false;
        auto *server = new QLocalServer(this);
        server->setSocketOptions(QLocalServer::UserAccessOption);
        // Nobody answered: a socket file still there is a dead process's.
        QLocalServer::removeServer(m_key);
        if (server->listen(m_key)) {
            m_server = server;
            connect(m_server, &QLocalServer::newConnection, this, [this] {
                while (QLocalSocket *socket = m_server->nextPendingConnection()) {
                    connect(socket, &QLocalSocket::disconnected, socket,
                            &QLocalSocket::deleteLater);
                    connect(socket, &QLocalSocket::readyRead, this, &SingleInstance::readRequest);
                    if (socket->bytesAvailable() > 0)
                        QMetaObject::invokeMethod(this, &SingleInstance::readRequest,
                                                  Qt::QueuedConnection);
                }
            });
            return true;
        }
        delete server;
    }
    // Neither listening nor answered: run rather than refuse to start.
    return true;
}

void SingleInstance::release()
{
    delete m_server; // closing removes the socket
    m_server = nullptr;
}

void SingleInstance::raiseMainWindow()
{
    const auto windows = QApplication::topLevelWidgets();
    for (QWidget *w : windows) {
        if (qobject_cast<QMainWindow *>(w) && !w->isHidden()) {
            w->showNormal();
            w->raise();
            w->activateWindow();
            return;
        }
    }
}

bool SingleInstance::askRunningInstance() const
{
    QLocalSocket socket;
    socket.connectToServer(m_key);
    if (!socket.waitForConnected(kConnectMs))
        return false;
    socket.write(kActivate);
    socket.waitForBytesWritten(kConnectMs);
    socket.disconnectFromServer();
    return true;
}

void SingleInstance::readRequest()
{
    const auto sockets = m_server->findChildren<QLocalSocket *>();
    for (QLocalSocket *socket : sockets) {
        while (socket->canReadLine()) {
            if (socket->readLine(64) == kActivate)
                Q_EMIT activationRequested();
        }
    }
}
