#pragma once

#include <QMainWindow>

class Ledger;
class Settings;
class QTableWidget;
class QLabel;

// The window. For now an honest summary of the ledger: the pending total and
// each artist's totals, refreshed when the ledger changes. The full
// dashboard (Scheduled Payouts, history, admin, danger zone) grows here.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Ledger &ledger, Settings &settings, bool admin, QWidget *parent = nullptr);

private:
    void refresh();

    Ledger &m_ledger;
    Settings &m_settings;
    bool m_admin;
    QLabel *m_total = nullptr;
    QTableWidget *m_table = nullptr;
};
