#pragma once

#include <QStyledItemDelegate>

// Paints a status column as a chip: a rounded tint, the status icon and its
// words (the model's DisplayRole, DecorationRole and ToneRole), in colours
// chosen for the palette in use, so a status never rests on colour alone.
// The chip is elided, never cut, and the row's tooltip says the rest.
class StatusChipDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    // toneRole: the model's role carrying an int(ChipTone).
    StatusChipDelegate(int toneRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_toneRole;
};
