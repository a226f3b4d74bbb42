#include "QuarantineEventDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

QuarantineEventDialog::QuarantineEventDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("quarantineEventDialog"));
    setWindowTitle(tr("Quarantined event"));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("quarantineEventSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("quarantineEventBody"));
    m_body->setAccessibleName(tr("Event body"));
    m_body->setReadOnly(true);
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_summary);
    layout->addWidget(m_body, 1);
    layout->addWidget(buttons);
    resize(640, 480);
}

void QuarantineEventDialog::showQuarantined(const QuarantinedEvent &event, const QLocale &locale)
{
    const QString id = event.eventId.isEmpty() ? tr("(no id)") : event.eventId;
    m_summary->setText(
        tr("%1, %2, came by %3 on %4.\nRefused: %5")
            .arg(id, event.type.isEmpty() ? tr("(no type)") : event.type, event.source,
                 locale.toString(event.receivedAt.toLocalTime(), QLocale::LongFormat),
                 event.reason));
    m_body->setPlainText(formatBody(event.body));
    show();
    raise();
}

QString QuarantineEventDialog::bodyText() const
{
    return m_body->toPlainText();
}

QString QuarantineEventDialog::formatBody(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && !json.isNull())
        return QString::fromUtf8(json.toJson(QJsonDocument::Indented));
    return QString::fromUtf8(body);
}
