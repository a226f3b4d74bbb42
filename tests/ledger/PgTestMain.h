#pragma once

#include "PgTestServer.h"

#include <QCoreApplication>
#include <QTest>

// The main() of a test on a throw-away server: starts the server, runs
// Test(server)'s slots as QTEST_MAIN would, and stops the server. Exit 1
// when the server cannot start.
template<typename Test> int runTestOnServer(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    PgTestServer server;
    if (const Status s = server.start(); !s) {
        qCritical("cannot start the test's PostgreSQL server: %s", qPrintable(s.error().message));
        return 1;
    }
    Test test(server);
    const int failed = QTest::qExec(&test, argc, argv);
    server.stop();
    return failed;
}
