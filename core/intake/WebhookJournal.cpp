#include "WebhookJournal.h"

#include "intake/JournalFiles.h"

#include "ledger/LedgerLocation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QtEndian>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace WebhookJournal {
namespace {

using JournalFiles::crc32c;
using JournalFiles::errnoText;
using JournalFiles::syncDir;
using JournalFiles::writeAll;
using JournalFiles::zeroFill;

constexpr quint32 kMagic = 0x314A4450; // "PDJ1" read little-endian
constexpr qint64 kHeaderBytes = 32;
// More than the receiver ever puts in one frame (64 bodies of at most 1 MiB).
constexpr qint64 kMaxPayloadBytes = 80LL << 20;

const QString kIdFile = QStringLiteral("id");
const QString kLockFile = QStringLiteral("lock");
const QString kSpareFile = QStringLiteral("spare.log");
const QString kSpareTmpFile = QStringLiteral("spare.tmp");

QString segmentName(qint64 firstSeq)
{
    return QStringLiteral("seg-%1.log").arg(firstSeq, 20, 10, QLatin1Char('0'));
}

struct Segment
{
    qint64 firstSeq = 0;
    QString path;
};

// The folder's segments, oldest first.
QList<Segment> segments(const QString &dir)
{
    QList<Segment> out;
    const QStringList names =
        QDir(dir).entryList({QStringLiteral("seg-*.log")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        bool ok = false;
        const qint64 first = QStringView(name).mid(4, name.size() - 8).toLongLong(&ok);
        if (ok && first > 0)
            out.append({first, QDir(dir).filePath(name)});
    }
    return out;
}

struct Frame
{
    enum class Kind { Ok, End, Torn, Bad };
    Kind kind = Kind::End;
    qint64 firstSeq = 0;
    qint64 receivedAtMs = 0;
    quint32 count = 0;
    qint64 bytes = 0; // header and payload
    QByteArray payload;
};

// Reads the frame at `offset` of a segment of `size` bytes. With
// `withPayload` false only the header is read and the checksum not verified.
Frame readFrame(QFile &file, qint64 offset, qint64 size, bool withPayload = true)
{
    Frame f;
    if (offset >= size)
        return f;
    f.kind = Frame::Kind::Torn;
    if (size - offset < kHeaderBytes || !file.seek(offset))
        return f;
    const QByteArray h = file.read(kHeaderBytes);
    if (h.size() != kHeaderBytes)
        return f;
    const char *p = h.constData();
    if (h.count('\0') == kHeaderBytes)
        return Frame{}; // the end: a segment's unused bytes are zeros
    const quint32 payloadBytes = qFromLittleEndian<quint32>(p + 4);
    f.firstSeq = qFromLittleEndian<qint64>(p + 8);
    f.receivedAtMs = qFromLittleEndian<qint64>(p + 16);
    f.count = qFromLittleEndian<quint32>(p + 24);
    f.bytes = kHeaderBytes + payloadBytes;
    if (qFromLittleEndian<quint32>(p) != kMagic || payloadBytes > kMaxPayloadBytes ||
        f.firstSeq <= 0 || f.count == 0) {
        f.kind = Frame::Kind::Bad;
        return f;
    }
    if (size - offset < f.bytes)
        return f; // torn: the rest was never written
    if (!withPayload) {
        f.kind = Frame::Kind::Ok;
        return f;
    }
    f.payload = file.read(payloadBytes);
    quint32 crc = crc32c(0, p, 28);
    crc = crc32c(crc, f.payload.constData(), f.payload.size());
    f.kind =
        f.payload.size() == qsizetype(payloadBytes) && crc == qFromLittleEndian<quint32>(p + 28)
            ? Frame::Kind::Ok
            : Frame::Kind::Bad;
    return f;
}

// The frame's records, or an empty list when its lengths do not add up.
QList<Record> records(const Frame &f)
{
    QList<Record> out;
    out.reserve(f.count);
    qint64 at = 0;
    const qint64 end = f.payload.size();
    for (quint32 i = 0; i < f.count; ++i) {
        if (end - at < 4)
            return {};
        const qint64 n = qFromLittleEndian<quint32>(f.payload.constData() + at);
        at += 4;
        if (end - at < n)
            return {};
        out.append({f.firstSeq + i, f.receivedAtMs, f.payload.mid(at, n)});
        at += n;
    }
    return at == end ? out : QList<Record>();
}

// Whether a whole, valid frame starts anywhere after `offset`.
bool validFrameAfter(QFile &file, qint64 offset, qint64 size)
{
    if (!file.seek(offset))
        return false;
    const QByteArray rest = file.read(size - offset);
    char magic[4];
    qToLittleEndian<quint32>(kMagic, magic);
    for (qsizetype at = rest.indexOf(QByteArrayView(magic, 4), 1); at >= 0;
         at = rest.indexOf(QByteArrayView(magic, 4), at + 1)) {
        const Frame f = readFrame(file, offset + at, size);
        if (f.kind == Frame::Kind::Ok && !records(f).isEmpty())
            return true;
    }
    return false;
}

// Whether any byte of the file from `offset` on is not zero.
bool anyByteAfter(QFile &file, qint64 offset)
{
    if (!file.seek(offset))
        return true;
    while (!file.atEnd()) {
        const QByteArray chunk = file.read(1 << 20);
        if (chunk.isEmpty())
            return true; // unreadable: treat as not clean
        if (chunk.count('\0') != chunk.size())
            return true;
    }
    return false;
}

Result<QString> createId(const QString &dir)
{
    QByteArray raw(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 4);
    const QByteArray id = raw.toHex();
    const QString tmp = QDir(dir).filePath(QStringLiteral("id.tmp"));
    const int fd =
        ::open(QFile::encodeName(tmp).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(Error::io(QStringLiteral("cannot create %1: %2").arg(tmp, errnoText())));
    Status s = writeAll(fd, id, 0);
    if (s && ::fsync(fd) != 0)
        s = fail(Error::io(QStringLiteral("cannot sync %1: %2").arg(tmp, errnoText())));
    ::close(fd);
    if (!s)
        return fail(s.error());
    if (::rename(QFile::encodeName(tmp).constData(),
                 QFile::encodeName(QDir(dir).filePath(kIdFile)).constData()) != 0)
        return fail(Error::io(QStringLiteral("cannot name the journal: %1").arg(errnoText())));
    if (Status d = syncDir(dir); !d)
        return fail(d.error());
    return QString::fromLatin1(id);
}

} // namespace

QString dirFor(const LedgerLocation &ledger, const QString &dataDir)
{
    if (!ledger.filePath().isEmpty())
        return ledger.filePath() + QStringLiteral(".inbox");
    return QDir(dataDir).filePath(QStringLiteral("webhook-inbox"));
}

QString appliedKey(const QString &id)
{
    return QStringLiteral("inbox.journal.%1.applied").arg(id);
}

Result<QString> readId(const QString &dir)
{
    QFile f(QDir(dir).filePath(kIdFile));
    if (!f.exists())
        return QString();
    if (!f.open(QIODevice::ReadOnly))
        return fail(
            Error::io(QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString())));
    const QString id = QString::fromLatin1(f.readAll().trimmed());
    if (id.size() != 32)
        return fail(Error::io(QStringLiteral("%1 is not a journal's name").arg(f.fileName())));
    return id;
}

Result<Backlog> backlog(const QString &dir, qint64 appliedSeq)
{
    Backlog b;
    for (const Segment &s : segments(dir)) {
        QFile file(s.path);
        if (!file.open(QIODevice::ReadOnly))
            continue; // dropped meanwhile: applied
        const qint64 size = file.size();
        for (qint64 at = 0;;) {
            const Frame f = readFrame(file, at, size, false);
            if (f.kind != Frame::Kind::Ok)
                break; // the end, or a frame still being written
            const qint64 last = f.firstSeq + f.count - 1;
            if (last > appliedSeq) {
                b.waiting += last - qMax(appliedSeq, f.firstSeq - 1);
                if (b.oldestMs < 0)
                    b.oldestMs = f.receivedAtMs;
            }
            at += f.bytes;
        }
    }
    return b;
}

// --- Writer ---------------------------------------------------------------

Writer::~Writer()
{
    if (m_spare.joinable())
        m_spare.join();
    if (m_fd >= 0)
        ::close(m_fd);
    if (m_lockFd >= 0)
        ::close(m_lockFd); // releases the lock
}

Result<std::unique_ptr<Writer>> Writer::open(const QString &dir, qint64 segmentBytes)
{
    std::unique_ptr<Writer> w(new Writer);
    w->m_dir = dir;
    w->m_segmentBytes = segmentBytes;
    if (!QFileInfo::exists(dir)) {
        // A new folder's own name must survive a crash, like its files.
        if (!QDir().mkpath(dir))
            return fail(Error::io(QStringLiteral("cannot create the webhook journal %1").arg(dir)));
        if (Status s = syncDir(QFileInfo(dir).absolutePath()); !s)
            return fail(s.error());
    }
    const QByteArray lockPath = QFile::encodeName(QDir(dir).filePath(kLockFile));
    w->m_lockFd = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (w->m_lockFd < 0)
        return fail(Error::io(QStringLiteral("cannot open %1: %2")
                                  .arg(QString::fromLocal8Bit(lockPath), errnoText())));
    if (::flock(w->m_lockFd, LOCK_EX | LOCK_NB) != 0)
        return fail(
            Error{Error::Kind::Conflict,
                  QStringLiteral("another process is receiving webhooks into %1").arg(dir)});

    Result<QString> id = readId(dir);
    if (id && id->isEmpty())
        id = createId(dir);
    if (!id)
        return fail(id.error());
    w->m_id = *id;
    // A spare still being filled when the last writer stopped is not known
    // to be zeros; a spare that was renamed into place was synced first.
    QFile::remove(QDir(dir).filePath(kSpareTmpFile));

    const QList<Segment> all = segments(dir);
    if (all.isEmpty()) {
        if (Status s = w->startSegment(); !s)
            return fail(s.error());
        return w;
    }
    // Only the newest segment can end in a torn frame; find its end.
    const Segment &newest = all.last();
    QFile file(newest.path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            Error::io(QStringLiteral("cannot read %1: %2").arg(newest.path, file.errorString())));
    const qint64 size = file.size();
    qint64 at = 0;
    qint64 next = newest.firstSeq;
    for (;;) {
        const Frame f = readFrame(file, at, size);
        if (f.kind == Frame::Kind::End)
            break;
        if (f.kind == Frame::Kind::Ok && f.firstSeq == next && !records(f).isEmpty()) {
            next = f.firstSeq + f.count;
            at += f.bytes;
            continue;
        }
        if (validFrameAfter(file, at, size))
            return fail(Error::io(
                QStringLiteral("the webhook journal is damaged at byte %1 of %2, before events "
                               "that were answered; move the folder aside to start afresh and "
                               "keep it for inspection")
                    .arg(at)
                    .arg(newest.path)));
        break; // a torn last frame: none of its requests was answered
    }
    // Whatever follows the last whole frame (a torn frame, or part of one
    // whose header never reached the disk) is zeroed, so that after the end
    // there are only zeros again, as in a segment never written to.
    const bool leftovers = at < size && anyByteAfter(file, at);
    file.close();
    w->m_fd = ::open(QFile::encodeName(newest.path).constData(), O_RDWR | O_CLOEXEC);
    if (w->m_fd < 0)
        return fail(Error::io(QStringLiteral("cannot open %1: %2").arg(newest.path, errnoText())));
    if (leftovers)
        if (Status s = zeroFill(w->m_fd, at, size - at); !s)
            return fail(Error::io(QStringLiteral("cannot clear the torn end of %1: %2")
                                      .arg(newest.path, s.error().message)));
    w->m_size = at;
    w->m_nextSeq = next;
    if (!QFileInfo::exists(QDir(dir).filePath(kSpareFile)))
        w->prepareSpare();
    return w;
}

void Writer::prepareSpare()
{
    // Off the writer's thread: filling takes tens of milliseconds, which
    // would otherwise hold up every request waiting for the next frame.
    m_spare = std::thread([dir = m_dir, bytes = m_segmentBytes] {
        const QString tmp = QDir(dir).filePath(kSpareTmpFile);
        const int fd = ::open(QFile::encodeName(tmp).constData(),
                              O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0)
            return;
        const bool filled = bool(zeroFill(fd, 0, bytes));
        ::close(fd);
        // The rename needs no sync of the folder: a spare lost in a crash is
        // made again, and the rename into a segment's name syncs the folder.
        if (!filled || ::rename(QFile::encodeName(tmp).constData(),
                                QFile::encodeName(QDir(dir).filePath(kSpareFile)).constData()) != 0)
            QFile::remove(tmp);
    });
}

Status Writer::startSegment()
{
    const QString path = QDir(m_dir).filePath(segmentName(m_nextSeq));
    const QByteArray name = QFile::encodeName(path);
    if (m_spare.joinable())
        m_spare.join();
    // The spare, zero-filled beforehand, becomes the segment; without one
    // (the first segment, or a spare that could not be made) it is filled
    // here.
    int fd = -1;
    const QByteArray spare = QFile::encodeName(QDir(m_dir).filePath(kSpareFile));
    if (::access(name.constData(), F_OK) != 0 && ::rename(spare.constData(), name.constData()) == 0)
        fd = ::open(name.constData(), O_RDWR | O_CLOEXEC);
    else if ((fd = ::open(name.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0)
        if (Status s = zeroFill(fd, 0, m_segmentBytes); !s) {
            ::close(fd);
            return s;
        }
    if (fd < 0)
        return fail(Error::io(QStringLiteral("cannot create %1: %2").arg(path, errnoText())));
    if (Status s = syncDir(m_dir); !s) {
        ::close(fd);
        return s;
    }
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
    m_size = 0;
    prepareSpare();
    return {};
}

Result<qint64> Writer::append(const QList<QByteArray> &bodies, qint64 receivedAtMs)
{
    if (m_fd < 0)
        return fail(Error::io(QStringLiteral("the webhook journal is closed after a disk error; "
                                             "restart to reopen it")));
    if (bodies.isEmpty())
        return m_nextSeq;
    if (m_size >= m_segmentBytes)
        if (Status s = startSegment(); !s)
            return fail(s.error());
    qint64 payloadBytes = 0;
    for (const QByteArray &b : bodies)
        payloadBytes += 4 + b.size();
    if (payloadBytes > kMaxPayloadBytes)
        return fail(Error::io(QStringLiteral("too many bytes for one journal frame")));

    QByteArray frame(kHeaderBytes + payloadBytes, Qt::Uninitialized);
    char *p = frame.data();
    qToLittleEndian<quint32>(kMagic, p);
    qToLittleEndian<quint32>(quint32(payloadBytes), p + 4);
    qToLittleEndian<qint64>(m_nextSeq, p + 8);
    qToLittleEndian<qint64>(receivedAtMs, p + 16);
    qToLittleEndian<quint32>(quint32(bodies.size()), p + 24);
    char *at = p + kHeaderBytes;
    for (const QByteArray &b : bodies) {
        qToLittleEndian<quint32>(quint32(b.size()), at);
        std::memcpy(at + 4, b.constData(), size_t(b.size()));
        at += 4 + b.size();
    }
    quint32 crc = crc32c(0, p, 28);
    crc = crc32c(crc, p + kHeaderBytes, payloadBytes);
    qToLittleEndian<quint32>(crc, p + 28);

    Status s = writeAll(m_fd, frame, m_size);
    if (s && ::fdatasync(m_fd) != 0)
        s = fail(Error::io(QStringLiteral("cannot sync the journal: %1").arg(errnoText())));
    if (!s) {
        // After a failed write or sync the kernel's idea of the file is not
        // to be trusted (a failed fsync may have dropped the pages): stop
        // taking events here; what was answered before is on disk, and the
        // next start cuts whatever this frame left behind.
        ::close(m_fd);
        m_fd = -1;
        return fail(s.error());
    }
    const qint64 first = m_nextSeq;
    m_size += frame.size();
    m_nextSeq += bodies.size();
    return first;
}

// --- Reader ---------------------------------------------------------------

Reader::Reader(QString dir)
    : m_dir(std::move(dir))
{}

Result<QList<Record>> Reader::read(qint64 afterSeq, qint64 uptoSeq, int limit)
{
    QList<Record> out;
    if (uptoSeq <= afterSeq || limit <= 0)
        return out;
    const QList<Segment> all = segments(m_dir);
    if (all.isEmpty())
        return out;
    // Resume where the last read stopped, or find the segment to start in.
    qsizetype seg = -1;
    qint64 offset = 0;
    if (!m_cursor.segment.isEmpty() && m_cursor.nextSeq <= afterSeq + 1) {
        for (qsizetype i = 0; i < all.size(); ++i)
            if (all.at(i).path == m_cursor.segment)
                seg = i;
        offset = m_cursor.offset;
    }
    if (seg < 0) {
        seg = 0;
        offset = 0;
        for (qsizetype i = 0; i < all.size(); ++i)
            if (all.at(i).firstSeq <= afterSeq + 1)
                seg = i;
    }
    while (seg < all.size() && out.size() < limit) {
        QFile file(all.at(seg).path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error::io(
                QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString())));
        const qint64 size = file.size();
        const bool newest = seg == all.size() - 1;
        while (out.size() < limit) {
            const Frame f = readFrame(file, offset, size);
            if (f.kind == Frame::Kind::End)
                break;
            if (f.kind == Frame::Kind::Ok && f.firstSeq > uptoSeq)
                return out; // not yet durable
            const QList<Record> rs = f.kind == Frame::Kind::Ok ? records(f) : QList<Record>();
            if (rs.isEmpty()) {
                // Past what is durable, the newest segment's end may be a
                // frame still being written; before it, a bad frame is damage.
                const qint64 expected = offset == 0 ? all.at(seg).firstSeq : m_cursor.nextSeq;
                if (newest && expected > uptoSeq)
                    return out;
                return fail(
                    Error::io(QStringLiteral("the webhook journal is damaged at byte %1 of %2")
                                  .arg(offset)
                                  .arg(file.fileName())));
            }
            m_cursor = {file.fileName(), offset, f.firstSeq};
            for (const Record &r : rs) {
                if (r.seq <= afterSeq)
                    continue;
                if (r.seq > uptoSeq || out.size() == limit)
                    return out;
                out.append(r);
            }
            offset += f.bytes;
            m_cursor = {file.fileName(), offset, f.firstSeq + f.count};
        }
        if (out.size() == limit || newest)
            break;
        ++seg;
        offset = 0;
    }
    return out;
}

bool Reader::hasApplied(qint64 appliedSeq) const
{
    const QList<Segment> all = segments(m_dir);
    return all.size() > 1 && all.at(1).firstSeq - 1 <= appliedSeq;
}

Status Reader::dropApplied(qint64 appliedSeq)
{
    const QList<Segment> all = segments(m_dir);
    for (qsizetype i = 0; i + 1 < all.size(); ++i) {
        if (all.at(i + 1).firstSeq - 1 > appliedSeq)
            break;
        if (!QFile::remove(all.at(i).path))
            return fail(Error::io(QStringLiteral("cannot remove %1").arg(all.at(i).path)));
        if (m_cursor.segment == all.at(i).path)
            m_cursor = {};
    }
    return {};
}

} // namespace WebhookJournal
