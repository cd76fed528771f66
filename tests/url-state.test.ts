import { describe, expect, it } from 'vitest';
import { sitePaths } from '../src/common/site-paths.ts';
import {
  COVERAGE_PARAMETERS,
  emptyState,
  FINDER_PARAMETERS,
  hasFilters,
  parseCoverageState,
  parseState,
  REGION_PARAMETER,
  serializeCoverageState,
  serializeState,
  URL_PARAMETERS,
  type HomeState,
} from '../src/common/url-state.ts';

function state(patch: (s: HomeState) => void): HomeState {
  const s = emptyState();
  patch(s);
  return s;
}

describe('url state', () => {
  it('writes nothing for the default view', () => {
    expect(serializeState(emptyState())).toBe('');
    expect(parseState('')).toEqual(emptyState());
    expect(hasFilters(emptyState())).toBe(false);
  });

  it('round-trips every parameter', () => {
    const full = state((s) => {
      s.q = 'Maison France Services';
      s.lists.services = ['aide-aux-demarches-administratives', 'acces-internet-et-materiel-informatique'];
      s.lists.publics = ['seniors'];
      s.lists.accompagnement = ['surdite'];
      s.lists.frais = ['gratuit'];
      s.lists.modalites = ['accompagnement-individuel'];
      s.lists.programmes = ['france-services'];
      s.flags = { rdv: true, accessibilite: true, ouvert: true, weekend: true };
      s.position = { lat: 46.32356, lon: -0.45877, zoom: 13 };
      s.dep = '79';
      s.commune = '79191';
      s.embed = true;
    });
    const query = serializeState(full);
    expect(query).toBe(
      'embed=1&q=Maison+France+Services&services=aide-aux-demarches-administratives,acces-internet-et-materiel-informatique' +
        '&publics=seniors&accompagnement=surdite&frais=gratuit&modalites=accompagnement-individuel&programmes=france-services' +
        '&rdv=1&accessibilite=1&ouvert=1&weekend=1&dep=79&commune=79191&position=46.32356,-0.45877,13',
    );
    expect(parseState(query)).toEqual(full);
    expect(parseState(`?${query}`)).toEqual(full);
    expect(hasFilters(full)).toBe(true);
  });

  it('keeps accents and symbols of the search text through encoding', () => {
    const s = state((x) => {
      x.q = 'Saint-Étienne & co';
    });
    expect(parseState(serializeState(s)).q).toBe('Saint-Étienne & co');
  });

  it('rounds the map centre to 5 decimals', () => {
    const s = state((x) => {
      x.position = { lat: 46.323561234, lon: -0.458771234, zoom: 12 };
    });
    expect(serializeState(s)).toBe('position=46.32356,-0.45877,12');
  });

  it('drops values that make no sense instead of guessing', () => {
    const parsed = parseState(
      'services=ok-value,<script>,,ok-value&position=123,4,5&dep=7&commune=ABCDE&ouvert=yes&embed=true',
    );
    expect(parsed.lists.services).toEqual(['ok-value']);
    expect(parsed.position).toBeNull();
    expect(parsed.dep).toBe('');
    expect(parsed.commune).toBe('');
    expect(parsed.flags.ouvert).toBe(false);
    expect(parsed.embed).toBe(false);
    expect(parseState('position=46.3,-0.4,abc').position).toBeNull();
    expect(parseState('dep=2a&commune=2a004')).toMatchObject({ dep: '2A', commune: '2A004' });
  });

  it('accepts repeated parameters, as a form sent without JavaScript writes them', () => {
    expect(parseState('services=a-b&services=c&ouvert=1').lists.services).toEqual(['a-b', 'c']);
  });

  it('counts territory and flags as filters, not the text or the position', () => {
    expect(hasFilters(parseState('q=niort&position=46.3,-0.4,12'))).toBe(false);
    expect(hasFilters(parseState('dep=79'))).toBe(true);
    expect(hasFilters(parseState('weekend=1'))).toBe(true);
  });
});

describe('coverage page state', () => {
  it('round-trips the région, and writes nothing for the whole of France', () => {
    expect(serializeCoverageState({ region: '84' })).toBe('region=84');
    expect(parseCoverageState('?region=84')).toEqual({ region: '84' });
    expect(parseCoverageState('region=975')).toEqual({ region: '975' });
    expect(serializeCoverageState({ region: '' })).toBe('');
    expect(parseCoverageState('')).toEqual({ region: '' });
  });

  it('drops a région code of the wrong form', () => {
    expect(parseCoverageState('region=ARA').region).toBe('');
    expect(parseCoverageState('region=8').region).toBe('');
    expect(parseCoverageState('region=84%3Cscript%3E').region).toBe('');
  });

  it('uses the name the site vocabulary lists, as the links to it do', () => {
    expect(COVERAGE_PARAMETERS).toEqual([REGION_PARAMETER]);
    expect(serializeCoverageState({ region: '84' }).split('=')[0]).toBe(REGION_PARAMETER);
    expect(URL_PARAMETERS).toEqual([...FINDER_PARAMETERS, ...COVERAGE_PARAMETERS]);
    const link = new URL(sitePaths('/x/').coverageOfRegion('84', 'villes-moyennes'), 'http://site.invalid/');
    expect(link.pathname).toBe('/x/couverture/');
    expect(link.hash).toBe('#villes-moyennes');
    expect(parseCoverageState(link.search)).toEqual({ region: '84' });
  });
});
