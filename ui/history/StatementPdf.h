#pragma once

#include "util/Error.h"

#include <QCoreApplication>
#include <QLocale>
#include <QString>

struct Statement;

// An artist's statement on paper: the same figures as Statements::toCsv,
// laid out by Qt's QTextDocument and written by QPdfWriter (no external
// tool). Needs a QGuiApplication (fonts); offscreen is enough.
class StatementPdf
{
    Q_DECLARE_TR_FUNCTIONS(StatementPdf)

public:
    // The statement as HTML, in the locale's dates and money.
    static QString html(const Statement &s, const QLocale &locale);
    static Status write(const Statement &s, const QLocale &locale, const QString &path);
    // payoutdesk's `statement --pdf` (CliProgram::statementPdf): the
    // default locale.
    static Status writeForCli(const Statement &s, const QString &path);
};
