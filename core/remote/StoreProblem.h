#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

// What a window connected to a store says when the store cannot be read:
// one sentence each, in words a person can act on, translated (context
// "StoreProblem"). None of them ever carries the token.
class StoreProblem final
{
    Q_DECLARE_TR_FUNCTIONS(StoreProblem)
public:
    static QString noUrl();
    static QString badUrl(const QString &text);
    static QString plainHttp();
    static QString unreachable(const QUrl &url);
    static QString notAStore(const QUrl &url);
    static QString storeFailing();
    static QString tokenRefused();
    static QString tooManyTries(int seconds);
    static QString untrusted();
    static QString expired();
    static QString otherHost(const QUrl &url);
};
