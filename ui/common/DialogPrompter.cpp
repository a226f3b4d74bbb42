#include "DialogPrompter.h"

#include "common/TypedConfirmDialog.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

bool WidgetDialogPrompter::confirm(QWidget *parent, const QString &title, const QString &text,
                                   const QString &confirmLabel)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    QPushButton *yes = box.addButton(confirmLabel, QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmButton"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == yes;
}

bool WidgetDialogPrompter::confirmTyped(QWidget *parent, const QString &title, const QString &text,
                                        const QString &word, const QString &confirmLabel)
{
    TypedConfirmDialog dialog(title, text, word, confirmLabel, parent);
    return dialog.exec() == QDialog::Accepted;
}

void WidgetDialogPrompter::inform(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::information(parent, title, text);
}

void WidgetDialogPrompter::warn(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::warning(parent, title, text);
}

std::optional<QString> WidgetDialogPrompter::askText(QWidget *parent, const QString &title,
                                                     const QString &label,
                                                     const QString &confirmLabel)
{
    QInputDialog dialog(parent);
    dialog.setWindowTitle(title);
    dialog.setLabelText(label);
    dialog.setOkButtonText(confirmLabel);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue();
}

QString WidgetDialogPrompter::saveFileName(QWidget *parent, const QString &caption,
                                           const QString &suggestedPath, const QString &filter)
{
    return QFileDialog::getSaveFileName(parent, caption, suggestedPath, filter);
}
