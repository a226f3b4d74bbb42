#pragma once

#include <QList>

#include <functional>

// Brings a model's rows up to date with a fresh read without a model reset,
// so a live update keeps the selection, the scroll position and the current
// row. Both lists must be sorted by the same key; the walk is linear and
// reports contiguous runs, which the model turns into beginInsertRows /
// beginRemoveRows / dataChanged (the callbacks run inside the model, where
// those protected calls are allowed).
template<class Row> struct RowMergeOps
{
    std::function<bool(const Row &, const Row &)> keyLess; // strict order of the key
    std::function<bool(const Row &, const Row &)> sameContent;
    std::function<void(int first, int last)> beginInsert;
    std::function<void()> endInsert;
    std::function<void(int first, int last)> beginRemove;
    std::function<void()> endRemove;
    std::function<void(int row)> changed;
};

template<class Row>
void mergeRows(QList<Row> &rows, const QList<Row> &fresh, const RowMergeOps<Row> &ops)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < rows.size() || j < fresh.size()) {
        if (j == fresh.size()) {
            ops.beginRemove(int(i), int(rows.size() - 1));
            rows.remove(i, rows.size() - i);
            ops.endRemove();
            break;
        }
        if (i == rows.size()) {
            ops.beginInsert(int(i), int(i + fresh.size() - j - 1));
            rows.append(fresh.mid(j));
            ops.endInsert();
            break;
        }
        if (ops.keyLess(rows.at(i), fresh.at(j))) {
            // rows[i..k) are gone: their keys sort before the next fresh row.
            qsizetype k = i + 1;
            while (k < rows.size() && ops.keyLess(rows.at(k), fresh.at(j)))
                ++k;
            ops.beginRemove(int(i), int(k - 1));
            rows.remove(i, k - i);
            ops.endRemove();
        } else if (ops.keyLess(fresh.at(j), rows.at(i))) {
            // fresh[j..k) are new: they sort before the current row.
            qsizetype k = j + 1;
            while (k < fresh.size() && ops.keyLess(fresh.at(k), rows.at(i)))
                ++k;
            ops.beginInsert(int(i), int(i + (k - j) - 1));
            for (qsizetype n = j; n < k; ++n)
                rows.insert(i + (n - j), fresh.at(n));
            ops.endInsert();
            i += k - j;
            j = k;
        } else {
            if (!ops.sameContent(rows.at(i), fresh.at(j))) {
                rows[i] = fresh.at(j);
                ops.changed(int(i));
            }
            ++i;
            ++j;
        }
    }
}
