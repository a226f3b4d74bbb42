#include "JsonWriter.h"

#include <utility>

namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendEscaped(QByteArray &out, QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out += '"';
    qsizetype plain = 0; // start of the run of bytes that need no escape
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.constData() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default: {
            const char u[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
            out.append(u, sizeof u);
        }
        }
    }
    out.append(utf8.constData() + plain, utf8.size() - plain);
    out += '"';
}

// Days since 1970-01-01 to a civil date in the proleptic Gregorian calendar
// (H. Hinnant's civil_from_days).
void civilFromDays(qint64 days, qint64 *year, int *month, int *day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    *day = int(doy - (153 * mp + 2) / 5 + 1);
    *month = int(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

void appendDigits(char *&p, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        p[i] = char('0' + value % 10);
        value /= 10;
    }
    p += width;
}

} // namespace

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_started.isEmpty()) {
        if (m_started.last())
            m_out += ',';
        m_started.last() = true;
    }
}

void JsonWriter::open(char bracket)
{
    separate();
    m_out += bracket;
    m_started.append(false);
}

void JsonWriter::close(char bracket)
{
    Q_ASSERT(!m_started.isEmpty() && !m_afterKey);
    m_started.removeLast();
    m_out += bracket;
}

JsonWriter &JsonWriter::beginObject()
{
    open('{');
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    close('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    open('[');
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    close(']');
    return *this;
}

JsonWriter &JsonWriter::key(QLatin1StringView name)
{
    separate();
    m_out += '"';
    m_out += QByteArrayView(name.data(), name.size());
    m_out += "\":";
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    separate();
    m_out += QByteArray::number(number);
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    separate();
    m_out += flag ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::value(QStringView text)
{
    separate();
    appendEscaped(m_out, text);
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out += "null";
    return *this;
}

JsonWriter &JsonWriter::time(const QDateTime &t)
{
    return t.isValid() ? value(isoUtc(t)) : null();
}

QByteArray JsonWriter::take()
{
    Q_ASSERT(m_started.isEmpty());
    m_afterKey = false;
    return std::exchange(m_out, {});
}

QString isoUtc(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    const qint64 ms = t.toMSecsSinceEpoch();
    qint64 secs = ms / 1000;
    if (ms % 1000 < 0)
        --secs; // floor, for instants before 1970
    qint64 days = secs / 86400;
    qint64 rest = secs % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    qint64 year = 0;
    int month = 0, day = 0;
    civilFromDays(days, &year, &month, &day);
    if (year < 1 || year > 9999)
        return t.toUTC().toString(Qt::ISODate); // Qt's own form for the far past and future
    char text[20];
    char *p = text;
    appendDigits(p, year, 4);
    *p++ = '-';
    appendDigits(p, month, 2);
    *p++ = '-';
    appendDigits(p, day, 2);
    *p++ = 'T';
    appendDigits(p, rest / 3600, 2);
    *p++ = ':';
    appendDigits(p, rest / 60 % 60, 2);
    *p++ = ':';
    appendDigits(p, rest % 60, 2);
    *p++ = 'Z';
    return QString::fromLatin1(text, p - text);
}
