#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QString>

// The webhook journal's low-level file operations (intake/WebhookJournal):
// its checksum and the POSIX writes and syncs that make a frame durable.
namespace JournalFiles {

// CRC-32C (Castagnoli), the checksum of iSCSI, ext4 and many logs.
quint32 crc32c(quint32 crc, const char *data, qint64 size);

// strerror(errno), as text.
QString errnoText();

// fsync of a folder, so that a file created or renamed in it survives a
// crash.
Status syncDir(const QString &dir);

// pwrite of every byte, retried after EINTR.
Status writeAll(int fd, const QByteArray &bytes, qint64 offset);

// Writes `bytes` zeros from `offset` and makes them durable.
Status zeroFill(int fd, qint64 offset, qint64 bytes);

} // namespace JournalFiles
