#include "QuarantinePanel.h"

#include "admin/QuarantineEventDialog.h"
#include "admin/QuarantineModel.h"
#include "common/DialogPrompter.h"
#include "common/EmptyState.h"
#include "service/AdminActions.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

QuarantinePanel::QuarantinePanel(AdminActions &actions, DialogPrompter &prompter,
                                 QuarantineModel &model, QWidget *parent)
    : QGroupBox(tr("Quarantined events"), parent)
    , m_actions(actions)
    , m_prompter(prompter)
    , m_model(model)
{
    setObjectName(QStringLiteral("quarantinePanel"));
    auto *layout = new QVBoxLayout(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("quarantineTable"));
    m_table->setAccessibleName(tr("Quarantined events"));
    m_table->setModel(&m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    // Every column as wide as its text: the panel scrolls sideways rather
    // than cut an event id or a reason ("evt…", "metadata.cart_ite…").
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false);
    new EmptyState(m_table, tr("No quarantined events: every event the store sent was valid. "
                               "An event that cannot be applied waits here with its reason."));
    m_replay = new QPushButton(tr("Re&play"), this);
    m_replay->setObjectName(QStringLiteral("replayButton"));
    m_replay->setAccessibleName(tr("Replay the selected event"));
    m_replay->setToolTip(tr("Run the selected event through intake again, after its cause was "
                            "fixed"));
    m_show = new QPushButton(tr("Show &Event…"), this);
    m_show->setObjectName(QStringLiteral("showEventButton"));
    m_show->setAccessibleName(tr("Show the selected event in full"));
    m_show->setToolTip(tr("The event as it was received, with why it was refused"));
    m_dismiss = new QPushButton(tr("&Dismiss…"), this);
    m_dismiss->setObjectName(QStringLiteral("dismissButton"));
    m_dismiss->setAccessibleName(tr("Dismiss the selected event"));
    m_dismiss->setToolTip(tr("Mark the selected event looked at, with why: it is kept, and never "
                             "replayed"));
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("quarantineDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    layout->addWidget(m_table, 1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_details, 1);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_show);
    buttons->addWidget(m_replay);
    buttons->addWidget(m_dismiss);
    buttons->addStretch();
    row->addLayout(buttons);
    layout->addLayout(row);

    connect(m_replay, &QPushButton::clicked, this, &QuarantinePanel::replaySelected);
    connect(m_show, &QPushButton::clicked, this, &QuarantinePanel::showSelected);
    connect(m_dismiss, &QPushButton::clicked, this, &QuarantinePanel::dismissSelected);
    connect(m_table, &QTableView::doubleClicked, this, &QuarantinePanel::showSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QuarantinePanel::updateSelection);
    for (auto signal : {&QAbstractItemModel::rowsRemoved, &QAbstractItemModel::rowsInserted})
        connect(&m_model, signal, this, &QuarantinePanel::updateSelection);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &QuarantinePanel::updateSelection);
    // The header sizes its sections to the rows present when it lays out;
    // rows merged in later (a live refresh) are measured again here.
    connect(&m_model, &QAbstractItemModel::rowsInserted, m_table,
            &QTableView::resizeColumnsToContents, Qt::QueuedConnection);
    connect(&m_model, &QAbstractItemModel::dataChanged, m_table,
            &QTableView::resizeColumnsToContents, Qt::QueuedConnection);
    // The panel is narrow: type and source are in the details line instead.
    m_table->hideColumn(QuarantineModel::Type);
    m_table->hideColumn(QuarantineModel::Source);
    updateSelection();
}

void QuarantinePanel::updateSelection()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    m_replay->setEnabled(!rows.isEmpty() && !m_replaying);
    m_show->setEnabled(!rows.isEmpty());
    m_dismiss->setEnabled(!rows.isEmpty() && !m_replaying);
    if (rows.isEmpty()) {
        m_details->setText(m_model.rowCount() == 0
                               ? tr("No events are in quarantine.")
                               : tr("Select an event to see why it was refused, to replay it "
                                    "or to dismiss it."));
        return;
    }
    const QuarantinedEvent &e = m_model.eventAt(rows.first().row());
    m_details->setText(
        tr("%1 (%2, came by %3) was refused: %4").arg(e.eventId, e.type, e.source, e.reason));
}

void QuarantinePanel::showSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    if (!m_dialog)
        m_dialog = new QuarantineEventDialog(this);
    m_dialog->showQuarantined(m_model.eventAt(rows.first().row()), locale());
}

void QuarantinePanel::replaySelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || m_replaying)
        return;
    const QuarantinedEvent e = m_model.eventAt(rows.first().row());
    m_replaying = true;
    m_replay->setEnabled(false);
    m_actions.replayQuarantined(
        e.id, QStringLiteral("admin"), this, [this, e](const Result<QString> &detail) {
            m_replaying = false;
            if (!detail) {
                updateSelection();
                m_details->setText(
                    tr("%1 is still refused: %2").arg(e.eventId, detail.error().message));
                return;
            }
            updateSelection();
            m_details->setText(tr("%1 replayed: %2").arg(e.eventId, *detail));
            Q_EMIT replayed();
        });
}

void QuarantinePanel::dismissSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || m_replaying)
        return;
    const QuarantinedEvent e = m_model.eventAt(rows.first().row());
    const std::optional<QString> reason =
        m_prompter.askText(this, tr("Dismiss %1").arg(e.eventId),
                           tr("Why is this event dismissed? It is kept with its body and never "
                              "replayed; the reason goes to the audit trail."),
                           tr("&Dismiss"));
    if (!reason)
        return;
    if (reason->trimmed().isEmpty()) {
        m_details->setText(tr("%1 was not dismissed: say why it is dismissed.").arg(e.eventId));
        return;
    }
    m_replaying = true;
    updateSelection();
    m_actions.dismissQuarantined(
        e.id, reason->trimmed(), QStringLiteral("admin"), this,
        [this, e](const Result<bool> &dismissed) {
            m_replaying = false;
            updateSelection();
            if (!dismissed) {
                m_details->setText(
                    tr("%1 was not dismissed: %2").arg(e.eventId, dismissed.error().message));
                return;
            }
            m_details->setText(*dismissed
                                   ? tr("%1 dismissed. It stays in the ledger, and is never "
                                        "replayed.")
                                         .arg(e.eventId)
                                   : tr("%1 was no longer open: someone replayed or dismissed "
                                        "it first.")
                                         .arg(e.eventId));
            Q_EMIT replayed();
        });
}
