#include "QuarantinePanel.h"

#include "admin/QuarantineModel.h"
#include "common/EmptyState.h"
#include "service/AdminActions.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

QuarantinePanel::QuarantinePanel(AdminActions &actions, QuarantineModel &model, QWidget *parent)
    : QGroupBox(tr("Quarantined events"), parent)
    , m_actions(actions)
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
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTabKeyNavigation(false);
    new EmptyState(m_table, tr("No quarantined events: every event the store sent was valid. "
                               "An event that cannot be applied waits here with its reason."));
    m_replay = new QPushButton(tr("Re&play"), this);
    m_replay->setObjectName(QStringLiteral("replayButton"));
    m_replay->setAccessibleName(tr("Replay the selected event"));
    m_replay->setToolTip(tr("Run the selected event through intake again, after its cause was "
                            "fixed"));
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("quarantineDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    layout->addWidget(m_table, 1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_details, 1);
    row->addWidget(m_replay, 0, Qt::AlignTop);
    layout->addLayout(row);

    connect(m_replay, &QPushButton::clicked, this, &QuarantinePanel::replaySelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QuarantinePanel::updateSelection);
    for (auto signal : {&QAbstractItemModel::rowsRemoved, &QAbstractItemModel::rowsInserted})
        connect(&m_model, signal, this, &QuarantinePanel::updateSelection);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &QuarantinePanel::updateSelection);
    // The panel is narrow: type and source are in the details line instead.
    m_table->hideColumn(QuarantineModel::Type);
    m_table->hideColumn(QuarantineModel::Source);
    updateSelection();
}

void QuarantinePanel::updateSelection()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    m_replay->setEnabled(!rows.isEmpty() && !m_replaying);
    if (rows.isEmpty()) {
        m_details->setText(m_model.rowCount() == 0
                               ? tr("No events are in quarantine.")
                               : tr("Select an event to see why it was refused and to replay it."));
        return;
    }
    const QuarantinedEvent &e = m_model.eventAt(rows.first().row());
    m_details->setText(
        tr("%1 (%2, came by %3) was refused: %4").arg(e.eventId, e.type, e.source, e.reason));
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
