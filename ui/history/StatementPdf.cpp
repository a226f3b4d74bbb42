#include "StatementPdf.h"

#include "report/PaidHistory.h"
#include "report/Statement.h"

#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

QString StatementPdf::html(const Statement &s, const QLocale &locale)
{
    const auto money = [&](qint64 minor, const QString &c) {
        return esc(Money{minor, c}.format(locale));
    };
    const auto day = [&](const QDateTime &t) {
        return esc(locale.toString(t.toLocalTime().date(), QLocale::ShortFormat));
    };
    const QString right = QStringLiteral("<td align=\"right\">%1</td>");
    QString h = QStringLiteral("<html><body style=\"font-family: sans-serif; font-size: 10pt\">");
    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Statement for %1").arg(s.artist)));
    h += QStringLiteral("<p>%1</p>")
             .arg(esc(tr("%1 (%2 to %3)")
                          .arg(s.periodText(locale), locale.toString(s.from, QLocale::LongFormat),
                               locale.toString(s.to, QLocale::LongFormat))));
    if (s.accounts.isEmpty())
        h += QStringLiteral("<p>%1</p>")
                 .arg(esc(tr("Nothing was earned, reversed or paid up to the end of this "
                             "period.")));
    for (const Statement::Account &a : s.accounts) {
        const QString c = a.currency;
        h += QStringLiteral("<h3>%1</h3>").arg(esc(a.currency.toUpper()));
        h += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">");
        const auto row = [&](const QString &label, const QString &amount, bool bold) {
            const QString l = bold ? QStringLiteral("<b>%1</b>").arg(label) : label;
            const QString m = bold ? QStringLiteral("<b>%1</b>").arg(amount) : amount;
            h += QStringLiteral("<tr><td colspan=\"3\">%1</td>").arg(l) + right.arg(m) +
                 QStringLiteral("</tr>");
        };
        const auto detail = [&](const QString &when, const QString &what, const QString &extra,
                                const QString &amount) {
            h += QStringLiteral("<tr><td width=\"5%\"></td><td>%1</td><td>%2 %3</td>")
                     .arg(when, what, extra) +
                 right.arg(amount) + QStringLiteral("</tr>");
        };
        row(esc(tr("Opening balance")), money(a.openingMinor, c), true);
        row(esc(tr("Earned")), money(a.earnedMinor, c), false);
        for (const Statement::Earned &e : a.earned) {
            const QString label = trackLabel(e.title, e.track);
            detail({}, esc(label.isEmpty() ? PaidHistory::sourceText(e.kind) : label),
                   esc(tr("%n sale(s)", nullptr, int(e.entries))), money(e.minor, c));
        }
        row(esc(tr("Reversed or clawed back")), money(-a.reversedMinor, c), false);
        for (const Statement::Reversal &r : a.reversed) {
            const QString label = trackLabel(r.title, r.track);
            QString why;
            switch (r.state) {
            case EntryState::Reversing:
                why = tr("refunded after payout; being taken back");
                break;
            case EntryState::Reversed:
                why = tr("refunded after payout; taken back");
                break;
            case EntryState::Clawback:
                why = tr("refunded after payout; recovered from later payouts");
                break;
            default:
                // Void: refunded before it was paid, or cancelled for a
                // reason the ledger names.
                why = r.reason.isEmpty() || r.reason == Reason::Refunded
                          ? tr("refunded before payout")
                          : tr("cancelled: %1").arg(r.reason);
                break;
            }
            detail(day(r.at), esc(label.isEmpty() ? r.reference : label), esc(why),
                   money(-r.minor, c));
        }
        row(esc(tr("Paid to you")), money(-a.paidMinor, c), false);
        for (const Statement::Payment &p : a.paid)
            detail(day(p.at),
                   esc(p.returned ? tr("Returned from transfer %1").arg(p.transferId)
                                  : tr("Transfer %1").arg(p.transferId)),
                   {}, money(-p.minor, c));
        row(esc(tr("Closing balance")), money(a.closingMinor, c), true);
        h += QStringLiteral("</table>");
    }
    h += QStringLiteral("<p style=\"font-size: 8pt\">%1</p>")
             .arg(esc(tr("The balance is the money owed to you and not yet paid: opening "
                         "balance + earned − reversed − paid = closing balance. It includes "
                         "money on hold, and is negative while a refund after payout is still "
                         "to be taken back.")));
    return h + QStringLiteral("</body></html>");
}

Status StatementPdf::write(const Statement &s, const QLocale &locale, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(Error::io(tr("Cannot write %1: %2").arg(path, file.errorString())));
    {
        QPdfWriter writer(&file);
        writer.setTitle(tr("Statement for %1, %2").arg(s.artist, s.periodText(locale)));
        writer.setCreator(QStringLiteral("Payout Desk"));
        writer.setPageSize(QPageSize(locale.measurementSystem() == QLocale::ImperialUSSystem
                                         ? QPageSize::Letter
                                         : QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        QTextDocument doc;
        doc.setHtml(html(s, locale));
        doc.print(&writer);
    }
    if (file.error() != QFileDevice::NoError || file.size() == 0)
        return fail(Error::io(tr("Cannot write %1: %2").arg(path, file.errorString())));
    return {};
}

Status StatementPdf::writeForCli(const Statement &s, const QString &path)
{
    return write(s, QLocale(), path);
}
