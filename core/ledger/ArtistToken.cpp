#include "ledger/TokenStore.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace ArtistToken {

namespace {
constexpr qsizetype kRandomBytes = 32;
constexpr qsizetype kEncodedLength = 43; // base64url of 32 bytes, no padding
} // namespace

QString generate()
{
    std::array<quint32, kRandomBytes / sizeof(quint32)> words;
    // QRandomGenerator::system() reads the operating system's CSPRNG.
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray raw(reinterpret_cast<const char *>(words.data()), kRandomBytes);
    return kPrefix + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding |
                                                      QByteArray::OmitTrailingEquals));
}

QByteArray hash(QStringView token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

bool looksValid(QStringView token)
{
    if (!token.startsWith(kPrefix) || token.size() != kPrefix.size() + kEncodedLength)
        return false;
    for (QChar c : token.mid(kPrefix.size()))
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'_')
            return false;
    return true;
}

} // namespace ArtistToken
