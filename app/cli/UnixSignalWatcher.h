#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT and SIGTERM into a clean QCoreApplication::quit() through a
// socket pair, the one async-signal-safe way into the event loop.
class UnixSignalWatcher final : public QObject
{
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);

private:
    QSocketNotifier *m_notifier = nullptr;
};
