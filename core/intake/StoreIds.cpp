#include "StripeEvent.h"

#include <algorithm>

// The ids and titles of EVENTS.md ("Validation"), apart from the event's
// parsing: what a store id may contain, and how a bad one is quoted.

namespace {

bool isBidiControl(char32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

QString codePoint(char32_t c)
{
    return QStringLiteral("U+") + QString::number(uint(c), 16).toUpper().rightJustified(4, u'0');
}

// Why `id` breaks "1 to maxLength characters of allowed": the first
// offending character by what it is (NUL, control, bidi, white space), then
// the length, then any other character.
std::optional<QString> idProblem(const QString &id, qsizetype maxLength, bool (*allowed)(char32_t),
                                 const char *allowedText)
{
    // The common case, checked without building anything: a well-formed id.
    if (!id.isEmpty() && id.size() <= maxLength &&
        std::all_of(id.cbegin(), id.cend(), [&](QChar c) { return allowed(c.unicode()); }))
        return std::nullopt;
    const QString rule = QStringLiteral("(1 to %1 characters of %2)")
                             .arg(maxLength)
                             .arg(QLatin1StringView(allowedText));
    if (id.isEmpty())
        return QStringLiteral("is empty ") + rule;
    const QList<uint> chars = id.toUcs4();
    for (const uint c : chars) {
        if (c == 0)
            return QStringLiteral("contains a NUL character (U+0000) ") + rule;
        if (isBidiControl(c))
            return QStringLiteral("contains a bidi control character (%1) ").arg(codePoint(c)) +
                   rule;
        const auto category = QChar::category(c);
        if (category == QChar::Other_Control)
            return QStringLiteral("contains a control character (%1) ").arg(codePoint(c)) + rule;
        if (category == QChar::Other_Format)
            return QStringLiteral("contains an invisible format character (%1) ")
                       .arg(codePoint(c)) +
                   rule;
    }
    if (QChar::isSpace(chars.first()) || QChar::isSpace(chars.last()))
        return QStringLiteral("has leading or trailing white space ") + rule;
    for (const uint c : chars) {
        if (QChar::isSpace(c))
            return QStringLiteral("contains white space (%1) ").arg(codePoint(c)) + rule;
    }
    if (id.size() > maxLength)
        return QStringLiteral("is %1 characters long ").arg(id.size()) + rule;
    for (const uint c : chars) {
        if (!allowed(c))
            return QStringLiteral("contains %1 ").arg(codePoint(c)) + rule;
    }
    return std::nullopt;
}

bool asciiAlnum(char32_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

bool accountIdChar(char32_t c)
{
    return asciiAlnum(c);
}

bool storeIdChar(char32_t c)
{
    return asciiAlnum(c) || c == u'_' || c == u'.' || c == u'-';
}

} // namespace

std::optional<QString> artistIdProblem(const QString &id)
{
    return idProblem(id, 64, storeIdChar, "A-Za-z0-9_.-");
}

std::optional<QString> trackIdProblem(const QString &id)
{
    return idProblem(id, 64, storeIdChar, "A-Za-z0-9_.-");
}

std::optional<QString> accountIdProblem(const QString &id)
{
    if (!id.startsWith(u"acct_"))
        return QStringLiteral("does not start with acct_");
    // EVENTS.md says A-Za-z0-9 (Stripe's own ids); the underscore is allowed
    // too because the fixtures of tst_intake and tst_payout use acct_art_1.
    if (auto problem = idProblem(id.mid(5), 255, accountIdChar, "A-Za-z0-9"))
        return QStringLiteral("after acct_ ") + *problem;
    return std::nullopt;
}

QString printableId(const QString &id)
{
    constexpr qsizetype kShown = 40;
    QString out = QStringLiteral("\"");
    const QList<uint> chars = id.toUcs4();
    qsizetype shown = 0;
    for (const uint c : chars) {
        if (shown++ == kShown) {
            out += QStringLiteral("...\" (%1 characters)").arg(chars.size());
            return out;
        }
        if (c >= 0x20 && c < 0x7f && c != u'"' && c != u'\\')
            out += QChar(char16_t(c));
        else
            out += QStringLiteral("\\u") +
                   QString::number(c, 16).toUpper().rightJustified(c > 0xFFFF ? 6 : 4, u'0');
    }
    return out + u'"';
}

std::optional<QString> titleProblem(const QString &title)
{
    const QList<uint> chars = title.toUcs4();
    for (const uint c : chars) {
        if (c == 0)
            return QStringLiteral("contains a NUL character (U+0000)");
        if (isBidiControl(c))
            return QStringLiteral("contains a bidi control character (%1)").arg(codePoint(c));
        if (QChar::category(c) == QChar::Other_Control)
            return QStringLiteral("contains a control character (%1)").arg(codePoint(c));
    }
    if (chars.size() > kMaxTitleLength)
        return QStringLiteral("is %1 characters long (at most %2)")
            .arg(chars.size())
            .arg(kMaxTitleLength);
    return std::nullopt;
}
