#pragma once

#include <QGroupBox>

class Intake;
class LedgerWatcher;
class QLabel;
class QPushButton;
class QTableView;
class QuarantineModel;

// Quarantined events with the reason each was refused, and Replay: the
// event runs through intake again (Intake::replayQuarantined) once its
// cause is fixed. A replay that is still refused changes nothing and says
// why.
class QuarantinePanel final : public QGroupBox
{
    Q_OBJECT
public:
    QuarantinePanel(Intake &intake, QuarantineModel &model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }

public Q_SLOTS:
    void replaySelected();

private:
    void updateSelection();

    Intake &m_intake;
    QuarantineModel &m_model;
    QTableView *m_table = nullptr;
    QPushButton *m_replay = nullptr;
    QLabel *m_details = nullptr;
};
