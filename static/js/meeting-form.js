'use strict';
// The meeting form in the admin: the add link of an empty inline offers its
// first row ("Tambahkan Peserta", not "another"), and the first participant
// of a meeting becomes its host when chosen from the city's side (a person
// of a department), until the user picks a role by hand.
{
    const $ = django.jQuery;
    // Read once the page is there (this script runs in its head).
    let data = null;

    function rowCount(prefix) {
        const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
        return total ? Number(total.value) : 0;
    }

    function nameAddLinks() {
        for (const [prefix, first] of Object.entries(data.addFirst)) {
            const link = document.querySelector(`#${prefix}-group .add-row a`);
            if (!link) {
                continue;
            }
            if (!link.dataset.another) {
                link.dataset.another = link.textContent;
            }
            link.textContent = rowCount(prefix) === 0 ? first : link.dataset.another;
        }
    }

    // The first participant row of a meeting that has none saved yet.
    function isFirstParticipant(index) {
        const saved = document.getElementById('id_participants-INITIAL_FORMS');
        const rows = [...document.querySelectorAll('#participants-group .inline-related:not(.empty-form)')];
        return saved && Number(saved.value) === 0 && rows.length > 0 && rows[0].id === `participants-${index}`;
    }

    function suggestRole(index, fromCity) {
        const role = document.getElementById(`id_participants-${index}-role`);
        if (role && !role.dataset.chosenByHand && isFirstParticipant(index)) {
            role.value = fromCity ? data.hostRole : data.defaultRole;
        }
    }

    // After inlines.js has made the add links (jQuery's "ready", which may
    // come after "load"): asked for from "load", so after its own.
    window.addEventListener('load', () => $(() => {
        const dataElement = document.getElementById('meeting-form-data');
        if (!dataElement) {
            return;
        }
        data = JSON.parse(dataElement.textContent);
        nameAddLinks();
        document.addEventListener('formset:added', nameAddLinks);
        document.addEventListener('formset:removed', nameAddLinks);
        document.addEventListener('change', (event) => {
            if (/^id_participants-\d+-role$/.test(event.target.id)) {
                event.target.dataset.chosenByHand = 'yes';
            }
        });
        $(document).on('select2:select', (event) => {
            const match = /^id_participants-(\d+)-(person|new_person_department|new_person_partner)$/.exec(event.target.id);
            if (!match) {
                return;
            }
            const [, index, field] = match;
            if (field === 'person') {
                suggestRole(index, Boolean(event.params.data.from_city));
            } else {
                suggestRole(index, field === 'new_person_department');
            }
        });
    }));
}
