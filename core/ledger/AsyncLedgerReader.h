#pragma once

#include "ledger/LedgerLocation.h"
#include "ledger/LedgerReader.h"
#include "util/Error.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <functional>
#include <optional>

class Clock;

// Runs slow LedgerReader reads (a history of 100,000 entries, every
// artist's totals) off the GUI thread. It owns a thread with a Ledger of its
// own, opened from a LedgerLocation on that thread at the first read (one
// connection per thread, whatever the backend), and hands each result back
// on the thread that asked, so a view only ever merges finished data.
//
// Reads go by channel (a view's name for what it reads). While a channel's
// read is in flight, a new request on it waits; a newer one replaces it, so
// a burst of commits costs one more read, not one per commit. A replaced
// request's done is never called. Every read that ran is delivered, unless
// its context object is gone: a view drops a result that no longer matches
// what it shows (the artist changed meanwhile).
class AsyncLedgerReader final : public QObject
{
    Q_OBJECT
public:
    AsyncLedgerReader(LedgerLocation location, Clock &clock, QObject *parent = nullptr);
    // Reads answered on this thread, one event-loop pass after the request,
    // from a reader that is quick for every read: a window connected to a
    // store reads its in-memory copy of the store's answers (core/remote).
    // Channels, replacement and delivery behave as with a thread.
    explicit AsyncLedgerReader(LedgerReader &sameThread, QObject *parent = nullptr);
    ~AsyncLedgerReader() override;
    AsyncLedgerReader(const AsyncLedgerReader &) = delete;
    AsyncLedgerReader &operator=(const AsyncLedgerReader &) = delete;

    const LedgerLocation &location() const { return m_location; }

    // Runs work(reader) on the reader's thread, then done(result) on this
    // object's thread while context lives. A ledger that cannot be opened
    // gives done the error instead.
    template<class T>
    void read(const QString &channel, QObject *context,
              std::function<Result<T>(LedgerReader &)> work,
              std::function<void(const Result<T> &)> done)
    {
        submit(channel, context,
               [work = std::move(work), done = std::move(done)](
                   LedgerReader *reader, const Error &openError) -> std::function<void()> {
                   Result<T> result = reader ? work(*reader) : Result<T>(fail(openError));
                   return [done, result = std::move(result)] { done(result); };
               });
    }

    // From a request until its last read finished.
    bool isBusy(const QString &channel) const { return m_channels.value(channel).inFlight; }
    bool isBusy() const;

Q_SIGNALS:
    // After each read finished, whether its done ran or its context was
    // gone; lets tests and status bars wait for quiet.
    void delivered(const QString &channel);

private:
    class Worker;
    // Runs on the worker thread; returns what to run back on this thread.
    using Task = std::function<std::function<void()>(LedgerReader *reader, const Error &openError)>;
    struct Job
    {
        QPointer<QObject> context;
        Task task;
    };
    struct Channel
    {
        bool inFlight = false;
        // The context of the read in flight; kept on this thread, never
        // handed to the worker.
        QPointer<QObject> context;
        std::optional<Job> waiting;
    };

    void submit(const QString &channel, QObject *context, Task task);
    void dispatch(const QString &channel, Job job);
    void finish(const QString &channel, const std::function<void()> &deliver);

    LedgerLocation m_location;
    LedgerReader *m_sameThread = nullptr;
    QThread m_thread;
    Worker *m_worker = nullptr;
    QHash<QString, Channel> m_channels;
};
