#pragma once

#include <QDate>
#include <QDialog>

class QComboBox;
class QDateEdit;
class QPushButton;
class QRadioButton;

// History's "Statement…": a calendar month or a range of days, and PDF or
// CSV. Opened with open(), never exec(), so nothing blocks (tests drive it
// by its widgets' object names); accepted() means save.
class StatementDialog final : public QDialog
{
    Q_OBJECT
public:
    enum class Format { Pdf, Csv };

    explicit StatementDialog(const QDate &today, QWidget *parent = nullptr);

    QDate from() const;
    QDate to() const; // inclusive
    Format format() const;

private:
    void updateEnabled();

    QRadioButton *m_monthChoice = nullptr;
    QDateEdit *m_month = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QComboBox *m_format = nullptr;
    QPushButton *m_save = nullptr;
};
