#pragma once

#include <QByteArrayView>

// Compares in time that depends only on the lengths, so an attacker learns
// nothing from how long a wrong signature or token took to refuse.
inline bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}
