#pragma once

#include "ledger/LedgerTypes.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;

// One quarantined event in full: what it is, why intake refused it, and its
// body as received (JSON indented when it parses, the raw text otherwise),
// for the admin to find the cause before Replay. Read only; not modal, so
// the admin can keep it open beside the panel.
class QuarantineEventDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit QuarantineEventDialog(QWidget *parent = nullptr);

    // Fills the dialog with the event and shows it.
    void showQuarantined(const QuarantinedEvent &event, const QLocale &locale);
    QString bodyText() const;
    // The body as shown: indented JSON, or the bytes as text if they are not.
    static QString formatBody(const QByteArray &body);

private:
    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_body = nullptr;
};
