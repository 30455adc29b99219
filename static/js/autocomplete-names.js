'use strict';
// The admin's autocomplete widgets (select2) named after their field's label,
// so that a screen reader announces them and none is an unnamed combobox or
// search box; and, opened from the keyboard (Enter or Space on the focused
// field), with the cursor in its search box, ready to type.
{
    const $ = django.jQuery;

    function fieldName(select) {
        const label = document.querySelector(`label[for="${select.id}"]`);
        const text = label ? label.textContent : select.getAttribute('aria-label') || '';
        return text.trim().replace(/:$/, '');
    }

    function labelId(select) {
        const label = document.querySelector(`label[for="${select.id}"]`);
        if (label && !label.id) {
            label.id = `${select.id}-label`;
        }
        return label ? label.id : null;
    }

    function nameWidget(select) {
        const container = select.nextElementSibling;
        if (!container || !container.classList.contains('select2')) {
            return;
        }
        const name = fieldName(select);
        const selection = container.querySelector('.select2-selection');
        const shown = selection && selection.getAttribute('aria-labelledby');
        const label = labelId(select);
        if (selection && shown && label) {
            // A single choice: the label, then the value chosen ("Dalam kunjungan: …").
            if (!shown.split(' ').includes(label)) {
                selection.setAttribute('aria-labelledby', `${label} ${shown}`);
            }
        } else if (selection) {
            selection.setAttribute('aria-label', name);
        }
        const search = container.querySelector('.select2-search__field');
        if (search) {
            search.setAttribute('aria-label', name);
        }
        const rendered = container.querySelector('.select2-selection__rendered');
        if (rendered && rendered.getAttribute('role') === 'textbox') {
            // The chosen value, read as part of the combobox's name: not a
            // field of its own (select2 marks it a read-only text box).
            rendered.removeAttribute('role');
            rendered.removeAttribute('aria-readonly');
        }
        if (rendered && rendered.tagName === 'UL') {
            // A multiple choice's list holds only its chosen values: the
            // "clear" button goes just before the list (select2 puts it
            // back inside each time it redraws, hence the clean-up first).
            rendered.parentNode.querySelectorAll(':scope > .select2-selection__clear').forEach((old) => old.remove());
            rendered.querySelectorAll(':scope > span.select2-selection__clear').forEach((clear) => {
                rendered.parentNode.insertBefore(clear, rendered);
            });
        }
    }

    // A tabular inline names its columns in the table's head, which labels
    // no input: each input is named after its column.
    function nameTabularInputs(root) {
        root.querySelectorAll('.tabular table').forEach((table) => {
            const headings = [...table.querySelectorAll('thead th')].map(
                (heading) => heading.textContent.replace(/\s+/g, ' ').trim());
            table.querySelectorAll('tbody tr').forEach((row) => {
                [...row.children].forEach((cell, column) => {
                    cell.querySelectorAll('input:not([type=hidden]), select, textarea').forEach((input) => {
                        const labelled = input.getAttribute('aria-label')
                            || (input.id && document.querySelector(`label[for="${input.id}"]`));
                        if (!labelled && headings[column]) {
                            input.setAttribute('aria-label', headings[column]);
                        }
                    });
                });
            });
        });
    }

    function nameAll(root) {
        nameTabularInputs(document);
        root.querySelectorAll('select.admin-autocomplete').forEach((select) => {
            if (!select.name.includes('__prefix__')) {
                nameWidget(select);
            }
        });
    }

    // After the admin's own scripts have made the widgets (jQuery's "ready",
    // which may come after "load"), and after they make those of a new inline
    // row: asked for from "load", so after autocomplete.js's, whichever script
    // the page loads first.
    window.addEventListener('load', () => $(() => {
        nameAll(document);
        document.addEventListener('formset:added', (event) => nameAll(event.target));
    }));
    $(document).on('select2:open', (event) => {
        const select = event.target;
        const search = document.querySelector('.select2-container--open .select2-dropdown .select2-search__field')
            || (select.nextElementSibling && select.nextElementSibling.querySelector('.select2-search__field'));
        if (search) {
            search.setAttribute('aria-label', fieldName(select));
            // select2 4.0 with jQuery 3.6 and later opens without moving the
            // cursor into its search box.
            search.focus();
        }
    });
    // A multiple choice rebuilds its search box's place as values change.
    $(document).on('change', 'select.admin-autocomplete', (event) => nameWidget(event.target));
}
