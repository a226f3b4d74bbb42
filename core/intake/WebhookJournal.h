#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <thread>

class LedgerLocation;

// The webhook's journal: verified raw event bodies appended to a folder of
// segment files, made durable with one fdatasync per group of requests,
// before any of them is answered 2xx (ARCHITECTURE.md, "Data flow"). The
// ledger is written later, by the applier, which keeps the sequence number
// it has applied up to beside the events' effects, in the same transaction
// (appliedKey()). So a crash anywhere loses nothing: what was answered 2xx
// is in the journal, and what the ledger lacks is applied again at start.
//
// On disk: `id` (this journal's random name, which keys its mark in the
// ledger), `lock` (held by the one writer) and segments `seg-<first seq>.log`.
// A segment is a run of frames, one per group commit:
//
//   magic "PDJ1" | payload bytes u32 | first seq u64 | received at (ms) i64 |
//   records u32 | CRC-32C u32 of all that and the payload | payload
//
// and the payload is, per record, its length u32 and the body; integers are
// little-endian. A segment's file is filled with zeros before its first
// frame (a `spare.log` is made ready in the background while the segment
// before it fills), so a zeroed header marks the end. The writer appends a
// frame only after the one before it is durable, so a crash can only tear
// the last frame: at open it is zeroed (none of its requests was answered).
// A bad frame followed by a good one is damage to answered events, not a
// torn write: the journal then refuses to open and leaves the files
// untouched for the admin.
namespace WebhookJournal {

struct Record
{
    qint64 seq = 0;
    qint64 receivedAtMs = 0;
    QByteArray body;
};

struct Backlog
{
    qint64 waiting = 0;
    qint64 oldestMs = -1; // received-at of the oldest waiting record; -1: none
};

// A segment is closed for new frames once it holds this many bytes.
inline constexpr qint64 kSegmentBytes = 32LL << 20;

// Where the journal of a ledger lives: beside a SQLite file
// (`ledger.sqlite.inbox/`); for a ledger that is not a file, the data folder's
// `webhook-inbox/`.
QString dirFor(const LedgerLocation &ledger, const QString &dataDir);

// The ledger meta key holding the last sequence number applied from the
// journal named `id`.
QString appliedKey(const QString &id);

// The journal's name, or an empty string when the folder holds no journal.
Result<QString> readId(const QString &dir);

// What waits after `appliedSeq`, read without the writer's lock (another
// process may be appending: a frame still being written is not counted).
Result<Backlog> backlog(const QString &dir, qint64 appliedSeq);

class Writer
{
public:
    ~Writer();
    Writer(const Writer &) = delete;
    Writer &operator=(const Writer &) = delete;

    // Creates the folder and its name when new, takes the lock (one writer
    // per journal), cuts a torn last frame off, and refuses damage.
    // `segmentBytes`: when a segment is closed for new frames.
    static Result<std::unique_ptr<Writer>> open(const QString &dir,
                                                qint64 segmentBytes = kSegmentBytes);

    // Appends the bodies as one frame and returns once it is on disk (one
    // write, one fdatasync); returns the first body's sequence number.
    // A failure leaves the journal as it was before the call.
    Result<qint64> append(const QList<QByteArray> &bodies, qint64 receivedAtMs);

    QString id() const { return m_id; }
    QString dir() const { return m_dir; }
    // The last sequence number on disk; 0 when none was ever written.
    qint64 lastSeq() const { return m_nextSeq - 1; }

private:
    Writer() = default;
    Status startSegment();
    void prepareSpare();

    QString m_dir;
    QString m_id;
    qint64 m_segmentBytes = kSegmentBytes;
    int m_lockFd = -1;
    int m_fd = -1;
    qint64 m_size = 0;
    qint64 m_nextSeq = 1;
    std::thread m_spare; // fills the next segment's file with zeros
};

// Reads records in order for the applier, and drops segments once applied.
class Reader
{
public:
    explicit Reader(QString dir);

    // Up to `limit` records after `afterSeq` and at most `uptoSeq`, in order.
    // A frame that fails its check ends the read with an error unless it is
    // the last thing in the newest segment (still being written).
    Result<QList<Record>> read(qint64 afterSeq, qint64 uptoSeq, int limit);
    // Whether a segment other than the newest holds only records at most
    // `appliedSeq` (dropApplied() would delete it).
    bool hasApplied(qint64 appliedSeq) const;
    // Deletes every segment whose records all are at most `appliedSeq`,
    // except the newest. Call it only once the ledger's mark is durable.
    Status dropApplied(qint64 appliedSeq);

private:
    struct Cursor
    {
        QString segment;
        qint64 offset = 0;
        qint64 nextSeq = 0; // first seq of the frame at offset
    };
    Cursor m_cursor;
    QString m_dir;
};

} // namespace WebhookJournal
