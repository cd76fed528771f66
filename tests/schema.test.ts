import { describe, expect, it } from 'vitest';
import { COLUMNS, FIELDS, emptyRecord, LIST_COLUMNS, REQUIRED_COLUMNS } from '../src/pipeline/schema.ts';

describe('schema', () => {
  it('has the 32 columns of the standard header in order', () => {
    expect(COLUMNS.join(',')).toBe(
      'id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv',
    );
  });
  it('takes its vocabularies from the national library', () => {
    expect(FIELDS.services.values).toHaveLength(9);
    expect(FIELDS.formations_labels.values).toContain('Étapes numériques (La Poste)');
    expect(FIELDS.typologie.values).toContain('RFS');
  });
  it('marks the required columns of v1.0.1', () => {
    expect(REQUIRED_COLUMNS).toEqual(['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj']);
  });
  it('builds empty records with lists and null coordinates', () => {
    const record = emptyRecord();
    expect(record.services).toEqual([]);
    expect(record.latitude).toBeNull();
    expect(LIST_COLUMNS).toContain('courriels');
  });
});
