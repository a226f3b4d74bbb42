#include "JournalFiles.h"

#include <QFile>

#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace JournalFiles {

quint32 crc32c(quint32 crc, const char *data, qint64 size)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (qint64 i = 0; i < size; ++i)
        crc = table[(crc ^ quint8(data[i])) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

Status syncDir(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fail(Error::io(QStringLiteral("cannot open %1: %2").arg(dir, errnoText())));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        return fail(Error::io(QStringLiteral("cannot sync %1: %2").arg(dir, errnoText())));
    return {};
}

Status writeAll(int fd, const QByteArray &bytes, qint64 offset)
{
    qint64 done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.constData() + done, size_t(bytes.size() - done),
                                   off_t(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(Error::io(QStringLiteral("cannot write the journal: %1").arg(errnoText())));
        done += n;
    }
    return {};
}

// Writes `bytes` zeros from `offset` and makes them durable. A segment is
// zero-filled before its first frame, so that a frame's fdatasync only has
// data to flush: writing into blocks the file already has needs no change to
// the file system's metadata, where appending (or writing into preallocated,
// unwritten extents) commits the file system's journal as well; measured on
// this project's machine, that is a third of every group commit's wait
// (README, Performance). PostgreSQL fills its WAL segments with zeros for the
// same reason.
Status zeroFill(int fd, qint64 offset, qint64 bytes)
{
    static const QByteArray zeros(1 << 20, '\0');
    for (qint64 at = offset; at < offset + bytes; at += zeros.size()) {
        const qint64 n = qMin<qint64>(zeros.size(), offset + bytes - at);
        if (Status s = writeAll(fd, QByteArray::fromRawData(zeros.constData(), n), at); !s)
            return s;
    }
    if (::fdatasync(fd) != 0)
        return fail(Error::io(QStringLiteral("cannot sync the journal: %1").arg(errnoText())));
    return {};
}

} // namespace JournalFiles
