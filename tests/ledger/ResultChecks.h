#pragma once

// Checks on Result and Status for the ledger tests.

#include "util/Error.h"

#include <QByteArray>
#include <QTest>

namespace contract {

// The error's message, for a failing check; empty for a value.
template<typename T> QByteArray why(const std::expected<T, Error> &r)
{
    return r ? QByteArray() : r.error().message.toUtf8();
}

} // namespace contract

// Fails the test with the error's message when a Result or Status holds one.
#define PD_OK(expr)                                                                                \
    do {                                                                                           \
        const auto &pdResult = (expr);                                                             \
        QVERIFY2(pdResult.has_value(), contract::why(pdResult).constData());                       \
    } while (false)
