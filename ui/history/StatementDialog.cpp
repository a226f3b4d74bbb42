#include "StatementDialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

StatementDialog::StatementDialog(const QDate &today, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("statementDialog"));
    setWindowTitle(tr("Statement"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;

    m_monthChoice = new QRadioButton(tr("A &month"), this);
    m_monthChoice->setObjectName(QStringLiteral("statementMonthChoice"));
    m_monthChoice->setChecked(true);
    m_month = new QDateEdit(QDate(today.year(), today.month(), 1), this);
    m_month->setObjectName(QStringLiteral("statementMonth"));
    m_month->setDisplayFormat(QStringLiteral("MMMM yyyy"));
    m_month->setAccessibleName(tr("Month of the statement"));
    form->addRow(m_monthChoice, m_month);

    auto *rangeChoice = new QRadioButton(tr("&Days"), this);
    rangeChoice->setObjectName(QStringLiteral("statementRangeChoice"));
    m_from = new QDateEdit(QDate(today.year(), today.month(), 1), this);
    m_from->setObjectName(QStringLiteral("statementFrom"));
    m_from->setCalendarPopup(true);
    m_from->setAccessibleName(tr("First day of the statement"));
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(QStringLiteral("statementTo"));
    m_to->setCalendarPopup(true);
    m_to->setAccessibleName(tr("Last day of the statement"));
    auto *range = new QHBoxLayout;
    range->addWidget(m_from);
    range->addWidget(m_to);
    form->addRow(rangeChoice, range);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("statementFormat"));
    m_format->addItem(tr("PDF document"), int(Format::Pdf));
    m_format->addItem(tr("CSV spreadsheet"), int(Format::Csv));
    form->addRow(tr("&Save as"), m_format);
    layout->addLayout(form);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("statementSave"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_monthChoice, &QRadioButton::toggled, this, &StatementDialog::updateEnabled);
    connect(m_from, &QDateEdit::dateChanged, this, &StatementDialog::updateEnabled);
    connect(m_to, &QDateEdit::dateChanged, this, &StatementDialog::updateEnabled);
    updateEnabled();
}

QDate StatementDialog::from() const
{
    if (m_monthChoice->isChecked()) {
        const QDate m = m_month->date();
        return QDate(m.year(), m.month(), 1);
    }
    return m_from->date();
}

QDate StatementDialog::to() const
{
    if (m_monthChoice->isChecked())
        return from().addMonths(1).addDays(-1);
    return m_to->date();
}

StatementDialog::Format StatementDialog::format() const
{
    return Format(m_format->currentData().toInt());
}

void StatementDialog::updateEnabled()
{
    const bool month = m_monthChoice->isChecked();
    m_month->setEnabled(month);
    m_from->setEnabled(!month);
    m_to->setEnabled(!month);
    // A range that ends before it starts cannot be saved.
    m_save->setEnabled(month || m_from->date() <= m_to->date());
    m_save->setToolTip(m_save->isEnabled() ? QString()
                                           : tr("The first day is after the last day."));
}
