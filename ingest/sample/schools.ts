// The `schools` reference extract: a GIAS-like establishment download for Kent
// (LA 886) with every TypeOfEstablishment the setting types need, plus the
// out-of-county independent and non-maintained special schools, specialist
// post-16 institutions and neighbouring schools Kent places children in.
// The generator uses the same list to place people and to build the census.
import type { Rng } from './prng.js';
import { DISTRICTS, makePostcode } from './places.js';
import { settingOfGiasType, type SettingType } from './settings.js';
import { CsvWriter, type CsvFileResult } from './csvWriter.js';

/** One establishment as the sample knows it. */
export interface Establishment {
  urn: string;
  la: number;
  laName: string;
  estabNo: number | null;
  name: string;
  type: string;
  /** The setting type its GIAS type maps to (before SRP / SEN unit flags). */
  setting: SettingType;
  phase: string;
  lowAge: number;
  highAge: number;
  district: string | null;
  /** Index into DISTRICTS, or -1 outside Kent. */
  districtIndex: number;
  ukprn: string | null;
  status: 'Open' | 'Closed';
  hasSrp: boolean;
  hasUnit: boolean;
  hasNursery: boolean;
  hasSixthForm: boolean;
  /** Pupils per year group for census rolls (state-funded Kent schools). */
  formSize: number;
  /** True when its pupils are in the Kent school census (state-funded, LA 886, open). */
  inCensus: boolean;
  openDate: string;
  closeDate: string;
}

const NEIGHBOURS: ReadonlyArray<{ la: number; name: string; towns: readonly string[] }> = [
  { la: 887, name: 'Medway', towns: ['Chatham', 'Gillingham', 'Rochester', 'Strood'] },
  { la: 845, name: 'East Sussex', towns: ['Hastings', 'Crowborough', 'Rye', 'Uckfield'] },
  { la: 936, name: 'Surrey', towns: ['Oxted', 'Lingfield', 'Caterham'] },
  { la: 303, name: 'Bexley', towns: ['Sidcup', 'Bexleyheath', 'Erith'] },
  { la: 305, name: 'Bromley', towns: ['Orpington', 'Beckenham', 'Chislehurst'] },
  { la: 938, name: 'West Sussex', towns: ['Crawley', 'East Grinstead', 'Horsham'] },
  { la: 881, name: 'Essex', towns: ['Grays', 'Chelmsford', 'Colchester'] },
  { la: 850, name: 'Hampshire', towns: ['Alton', 'Fleet', 'Andover'] },
];

const PRIMARY_NAMES = ['Riverside', 'Oak Tree', 'Brook', 'Castle Hill', 'Meadow', 'Park Way', 'Hill View', 'Westlands', 'Greenfields', 'Beechwood', 'Fairview', 'Kingfisher', 'Willow', 'Orchard', 'Downs View', 'Priory', 'Holmesdale', 'Chantry', 'Bishops Down', 'Hawthorn', 'Woodlands', 'Cherry Orchard', 'Elm Court', 'Lime Tree'];
const FAITH = ["St Mary's Church of England", "St Peter's Catholic", 'Holy Trinity Church of England', "St John's Church of England", "St Joseph's Catholic", 'Christ Church Church of England', "St Nicholas' Church of England", "St Francis' Catholic", 'All Saints Church of England'];
const SECONDARY_NAMES = ['Grammar School', 'High School', 'Academy', 'School', 'College', 'Community College', 'Grammar School for Girls', 'Grammar School for Boys'];
const SPECIAL_NAMES = ['Valence', 'Foxwood', 'Stone Bay', 'Laleham Gap', 'Portal House', 'Ridge View', 'Five Acre Wood', 'Oakley', 'Broomhill Bank', 'The Beacon', 'St Nicholas', 'Meadowfield', 'Goldwyn', 'Milestone', 'Rowhill', 'Wyvern', 'Bower Grove', 'The Orchard', 'St Anthony’s', 'Snowfields', 'Elms', 'Grange Park', 'Harbour', 'Ifield', 'Nexus'];
const INDEPENDENT_SPECIAL = ['Hope View', 'Brewood', 'The Abbey', 'Browns', 'Heath Farm', 'Caldecott', 'Trinity', 'Kisimul', 'Northease Manor', 'Frewen', 'Lorenden', 'Cedar House', 'Compass', 'Aspen', 'Learning Opportunities Centre', 'Bethany', 'Greenfields', 'Hatherop', 'Riverbank', 'Spires'];
const FE_COLLEGES = ['EKC Group (Canterbury College)', 'EKC Group (Broadstairs College)', 'North Kent College', 'MidKent College', 'West Kent and Ashford College', 'Hadlow College', 'Hilderstone College', 'Folkestone College'];
const SPI_NAMES = ['Orchard Hill College', 'Nash College', 'The Royal School for Deaf Children', 'Linkage College', 'Pathways Specialist College', 'Treloar College', 'Seashell Trust College', 'Fairfield Farm College', 'Aurora College', 'Cambian Specialist College', 'Foxes Academy', 'Derwen College'];

const TYPE_GROUPS: ReadonlyArray<{ type: string; phase: string; count: number; low: number; high: number }> = [
  { type: 'Community school', phase: 'Primary', count: 150, low: 4, high: 11 },
  { type: 'Voluntary aided school', phase: 'Primary', count: 55, low: 4, high: 11 },
  { type: 'Voluntary controlled school', phase: 'Primary', count: 60, low: 4, high: 11 },
  { type: 'Foundation school', phase: 'Primary', count: 20, low: 4, high: 11 },
  { type: 'Academy converter', phase: 'Primary', count: 110, low: 4, high: 11 },
  { type: 'Academy sponsor led', phase: 'Primary', count: 55, low: 4, high: 11 },
  { type: 'Free schools', phase: 'Primary', count: 8, low: 4, high: 11 },
  { type: 'LA nursery school', phase: 'Nursery', count: 1, low: 2, high: 5 },
  { type: 'Community school', phase: 'Secondary', count: 5, low: 11, high: 18 },
  { type: 'Foundation school', phase: 'Secondary', count: 12, low: 11, high: 18 },
  { type: 'Voluntary aided school', phase: 'Secondary', count: 3, low: 11, high: 18 },
  { type: 'Academy converter', phase: 'Secondary', count: 55, low: 11, high: 18 },
  { type: 'Academy sponsor led', phase: 'Secondary', count: 20, low: 11, high: 18 },
  { type: 'Free schools', phase: 'Secondary', count: 6, low: 11, high: 18 },
  { type: 'University technical college', phase: 'Secondary', count: 1, low: 14, high: 18 },
  { type: 'Studio schools', phase: 'Secondary', count: 1, low: 14, high: 18 },
  { type: 'Academy 16-19 converter', phase: '16 plus', count: 1, low: 16, high: 19 },
  { type: 'Academy 16 to 19 sponsor led', phase: '16 plus', count: 1, low: 16, high: 19 },
  { type: 'Free schools 16 to 19', phase: '16 plus', count: 1, low: 16, high: 19 },
  { type: 'Community special school', phase: 'Not applicable', count: 17, low: 3, high: 19 },
  { type: 'Foundation special school', phase: 'Not applicable', count: 6, low: 3, high: 19 },
  { type: 'Academy special converter', phase: 'Not applicable', count: 4, low: 3, high: 19 },
  { type: 'Academy special sponsor led', phase: 'Not applicable', count: 1, low: 3, high: 19 },
  { type: 'Free schools special', phase: 'Not applicable', count: 2, low: 4, high: 19 },
  { type: 'Pupil referral unit', phase: 'Not applicable', count: 6, low: 5, high: 16 },
  { type: 'Academy alternative provision converter', phase: 'Not applicable', count: 2, low: 11, high: 16 },
  { type: 'Academy alternative provision sponsor led', phase: 'Not applicable', count: 1, low: 11, high: 16 },
  { type: 'Free schools alternative provision', phase: 'Not applicable', count: 1, low: 11, high: 16 },
  { type: 'Other independent school', phase: 'Not applicable', count: 90, low: 3, high: 18 },
  { type: 'Other independent special school', phase: 'Not applicable', count: 35, low: 5, high: 19 },
  { type: 'Non-maintained special school', phase: 'Not applicable', count: 4, low: 5, high: 19 },
  { type: 'Further education', phase: '16 plus', count: 8, low: 16, high: 99 },
  { type: 'Sixth form centres', phase: '16 plus', count: 1, low: 16, high: 19 },
  { type: 'Special post 16 institution', phase: '16 plus', count: 4, low: 16, high: 25 },
];

const GIAS_HEADER = [
  'URN', 'LA (code)', 'LA (name)', 'EstablishmentNumber', 'EstablishmentName', 'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (name)', 'EstablishmentStatus (name)', 'OpenDate', 'CloseDate', 'PhaseOfEducation (name)',
  'StatutoryLowAge', 'StatutoryHighAge', 'Boarders (name)', 'NurseryProvision (name)', 'OfficialSixthForm (name)',
  'Gender (name)', 'ReligiousCharacter (name)', 'SchoolCapacity', 'NumberOfPupils', 'Town', 'Postcode',
  'DistrictAdministrative (name)', 'UKPRN', 'ResourcedProvisionOnRoll', 'TypeOfResourcedProvision (name)', 'SEN1 (name)',
];

function typeGroupOf(type: string): string {
  if (type.startsWith('Academy') || type === 'University technical college' || type === 'Studio schools' || type === 'City technology college') return 'Academies';
  if (type.startsWith('Free schools')) return 'Free Schools';
  if (type === 'Other independent school' || type === 'Other independent special school') return 'Independent schools';
  if (type === 'Further education' || type === 'Sixth form centres') return 'Colleges';
  if (type === 'Special post 16 institution') return 'Special schools';
  if (type.includes('special')) return 'Special schools';
  if (type === 'Welsh establishment') return 'Welsh schools';
  if (type === 'Pupil referral unit') return 'Local authority maintained schools';
  if (type === 'Secure units' || type === 'Service children\'s education' || type === 'Online provider') return 'Other types';
  return 'Local authority maintained schools';
}

function isStateFunded(type: string): boolean {
  const s = settingOfGiasType(type);
  return s.startsWith('mainstream_') ? s !== 'mainstream_independent' : s === 'special_la_maintained' || s === 'special_academy_free' || s.startsWith('ap_pru_');
}

/** Builds the establishment list (deterministic for the rng). */
export function buildSchools(rng: Rng): Establishment[] {
  const out: Establishment[] = [];
  const usedUrn = new Set<string>();
  const usedUkprn = new Set<string>();
  const usedEstab = new Map<number, Set<number>>();
  const urnOf = (lo: number, hi: number): string => {
    for (;;) {
      const u = String(rng.int(lo, hi));
      if (!usedUrn.has(u)) {
        usedUrn.add(u);
        return u;
      }
    }
  };
  const ukprnOf = (): string => {
    for (;;) {
      const u = String(rng.int(10000000, 10099999));
      if (!usedUkprn.has(u)) {
        usedUkprn.add(u);
        return u;
      }
    }
  };
  const estabOf = (la: number, lo: number, hi: number): number => {
    const used = usedEstab.get(la) ?? new Set<number>();
    usedEstab.set(la, used);
    for (;;) {
      const e = rng.int(lo, hi);
      if (!used.has(e)) {
        used.add(e);
        return e;
      }
    }
  };
  const urnRange = (type: string): [number, number] => {
    const s = settingOfGiasType(type);
    if (type.startsWith('Academy') || type.startsWith('Free schools') || type === 'University technical college' || type === 'Studio schools') return [136000, 151999];
    if (s === 'general_fe_tertiary_colleges' || s === 'specialist_post_16_institutions') return [130400, 130999];
    if (type === 'Other independent school' || type === 'Other independent special school') return [118500, 149999];
    if (type === 'Pupil referral unit') return [131000, 131999];
    return [118000, 119999];
  };
  const estabRange = (type: string, phase: string): [number, number] => {
    if (type === 'Pupil referral unit') return [1100, 1199];
    if (type === 'LA nursery school') return [1000, 1099];
    if (type.includes('special') && !type.startsWith('Other independent')) return [7000, 7099];
    if (type.includes('alternative provision')) return [1100, 1199];
    if (type === 'Other independent school' || type === 'Other independent special school') return [6000, 6999];
    if (phase === 'Primary') return type === 'Voluntary aided school' || type === 'Voluntary controlled school' ? [3000, 3999] : [2000, 2999];
    return [4000, 5999];
  };

  for (const g of TYPE_GROUPS) {
    for (let i = 0; i < g.count; i++) {
      const districtIndex = rng.int(0, DISTRICTS.length - 1);
      const d = DISTRICTS[districtIndex]!;
      const town = rng.pick(d.towns);
      const setting = settingOfGiasType(g.type);
      const inCensus = isStateFunded(g.type);
      let name: string;
      let formSize = 0;
      let hasNursery = false;
      let hasSixthForm = false;
      if (g.phase === 'Primary') {
        const faith = g.type === 'Voluntary aided school' || g.type === 'Voluntary controlled school';
        name = faith ? `${rng.pick(FAITH)} Primary School` : `${rng.pick(PRIMARY_NAMES)} ${rng.chance(0.2) ? 'Infant and Junior' : 'Primary'} School`;
        if (rng.chance(0.45)) name += `, ${town}`;
        else name = `${town} ${name}`;
        formSize = rng.pick([15, 20, 30, 30, 30, 45, 45, 60, 60]);
        hasNursery = rng.chance(0.22);
      } else if (g.phase === 'Secondary') {
        name = `${town} ${rng.pick(SECONDARY_NAMES)}`;
        if (g.type === 'University technical college') name = `${town} University Technical College`;
        if (g.type === 'Studio schools') name = `${town} Studio School`;
        formSize = g.low >= 14 ? rng.int(60, 110) : rng.int(150, 260);
        hasSixthForm = rng.chance(0.72);
      } else if (g.phase === '16 plus') {
        name = setting === 'general_fe_tertiary_colleges' ? (FE_COLLEGES[i] ?? `${town} College`) : setting === 'specialist_post_16_institutions' ? `${SPI_NAMES[i % SPI_NAMES.length]} (${town})` : `${town} Sixth Form`;
        formSize = setting === 'mainstream_academy' || setting === 'mainstream_free_school' ? rng.int(120, 220) : 0;
        hasSixthForm = formSize > 0;
      } else if (g.phase === 'Nursery') {
        name = `${town} Nursery School`;
        formSize = 40;
        hasNursery = true;
      } else if (setting.startsWith('special_')) {
        name = setting === 'special_independent' ? `${rng.pick(INDEPENDENT_SPECIAL)} School, ${town}` : `${rng.pick(SPECIAL_NAMES)} School`;
      } else if (setting.startsWith('ap_pru_')) {
        name = `${d.district} ${rng.pick(['Alternative Provision', 'Pupil Referral Unit', 'Education Centre', 'Inclusion Centre'])}`;
        formSize = 8;
      } else {
        name = `${rng.pick(['St Edmund’s', 'Sutton Valence', 'Kent College', 'Benenden', 'Dulwich Prep', 'Marlborough House', 'Cobham Hall', 'Steephill', 'Beech Grove'])} ${rng.pick(['School', 'Preparatory School', 'Academy'])}, ${town}`;
      }
      const hasSrp = setting.startsWith('mainstream_') && setting !== 'mainstream_independent' && rng.chance(g.phase === 'Secondary' ? 0.3 : 0.1);
      const hasUnit = setting.startsWith('mainstream_') && setting !== 'mainstream_independent' && !hasSrp && rng.chance(0.12);
      const [ulo, uhi] = urnRange(g.type);
      const [elo, ehi] = estabRange(g.type, g.phase);
      const isCollege = setting === 'general_fe_tertiary_colleges' || setting === 'specialist_post_16_institutions';
      out.push({
        urn: urnOf(ulo, uhi),
        la: 886,
        laName: 'Kent',
        estabNo: isCollege ? null : estabOf(886, elo, ehi),
        name,
        type: g.type,
        setting,
        phase: g.phase,
        lowAge: g.low,
        highAge: g.high,
        district: d.district,
        districtIndex,
        ukprn: isCollege || rng.chance(0.8) ? ukprnOf() : null,
        status: 'Open',
        hasSrp,
        hasUnit,
        hasNursery,
        hasSixthForm,
        formSize,
        inCensus,
        openDate: inCensus && g.type.startsWith('Academy') ? `01-0${rng.int(1, 9)}-20${rng.int(11, 18)}` : '',
        closeDate: '',
      });
    }
  }

  // Every mainstream state-funded type needs schools with resourced provision and with an SEN unit.
  for (const setting of ['mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school'] as const) {
    for (const phase of ['Primary', 'Secondary']) {
      const kind = out.filter((s) => s.setting === setting && s.phase === phase);
      if (!kind.some((s) => s.hasSrp)) kind.filter((s) => !s.hasUnit).slice(0, 2).forEach((s) => (s.hasSrp = true));
      if (!kind.some((s) => s.hasUnit)) kind.filter((s) => !s.hasSrp).slice(0, 2).forEach((s) => (s.hasUnit = true));
    }
  }

  // Out of county: where Kent buys independent and specialist places, and neighbouring schools.
  const outside: Array<{ type: string; phase: string; count: number; low: number; high: number }> = [
    { type: 'Other independent special school', phase: 'Not applicable', count: 40, low: 5, high: 19 },
    { type: 'Non-maintained special school', phase: 'Not applicable', count: 10, low: 5, high: 19 },
    { type: 'Special post 16 institution', phase: '16 plus', count: 8, low: 16, high: 25 },
    { type: 'Other independent school', phase: 'Not applicable', count: 10, low: 3, high: 18 },
    { type: 'Academy converter', phase: 'Secondary', count: 12, low: 11, high: 18 },
    { type: 'City technology college', phase: 'Secondary', count: 1, low: 11, high: 18 },
    { type: 'Community school', phase: 'Primary', count: 10, low: 4, high: 11 },
    { type: 'Academy special converter', phase: 'Not applicable', count: 3, low: 3, high: 19 },
    { type: 'Further education', phase: '16 plus', count: 3, low: 16, high: 99 },
    { type: 'Secure units', phase: 'Not applicable', count: 1, low: 10, high: 17 },
    { type: "Service children's education", phase: 'Not applicable', count: 1, low: 3, high: 18 },
    { type: 'Online provider', phase: 'Not applicable', count: 1, low: 11, high: 18 },
    { type: 'Welsh establishment', phase: 'Not applicable', count: 1, low: 3, high: 19 },
  ];
  for (const g of outside) {
    for (let i = 0; i < g.count; i++) {
      const nb = rng.pick(NEIGHBOURS);
      const town = rng.pick(nb.towns);
      const setting = settingOfGiasType(g.type);
      const welsh = g.type === 'Welsh establishment';
      const la = welsh ? 673 : nb.la;
      let name: string;
      if (setting === 'special_independent') name = `${rng.pick(INDEPENDENT_SPECIAL)} School, ${town}`;
      else if (setting === 'special_non_maintained') name = `${rng.pick(['Royal', 'St John’s', 'Chailey Heritage', 'Mary Hare', 'Jubilee', 'Hornsey'])} School, ${town}`;
      else if (setting === 'specialist_post_16_institutions') name = `${SPI_NAMES[(i + 4) % SPI_NAMES.length]} (${town})`;
      else if (setting === 'general_fe_tertiary_colleges') name = `${town} College`;
      else if (welsh) name = 'Ysgol Pen Coch';
      else if (g.type === 'Secure units') name = `${town} Secure Training Centre`;
      else if (g.type === 'Online provider') name = 'Academy21 Online';
      else if (g.type === "Service children's education") name = 'Service Children’s School, Cyprus';
      else name = `${town} ${g.phase === 'Primary' ? 'Primary School' : rng.pick(SECONDARY_NAMES)}`;
      const isCollege = setting === 'general_fe_tertiary_colleges' || setting === 'specialist_post_16_institutions';
      const [ulo, uhi] = urnRange(g.type);
      out.push({
        urn: urnOf(ulo, uhi),
        la,
        laName: welsh ? 'Wales' : nb.name,
        estabNo: isCollege ? null : estabOf(la, 2000, 7999),
        name,
        type: g.type,
        setting,
        phase: g.phase,
        lowAge: g.low,
        highAge: g.high,
        district: welsh ? 'Denbighshire' : town,
        districtIndex: -1,
        ukprn: isCollege || rng.chance(0.6) ? ukprnOf() : null,
        status: 'Open',
        hasSrp: false,
        hasUnit: false,
        hasNursery: false,
        hasSixthForm: g.phase === 'Secondary',
        formSize: 0,
        inCensus: false,
        openDate: '',
        closeDate: '',
      });
    }
  }

  // Closed predecessors of converted academies: in GIAS, in no placement.
  for (let i = 0; i < 12; i++) {
    const districtIndex = rng.int(0, DISTRICTS.length - 1);
    const d = DISTRICTS[districtIndex]!;
    out.push({
      urn: urnOf(118000, 119999),
      la: 886,
      laName: 'Kent',
      estabNo: estabOf(886, 2000, 2999),
      name: `${rng.pick(d.towns)} ${rng.pick(PRIMARY_NAMES)} Primary School`,
      type: 'Community school',
      setting: 'mainstream_la_maintained',
      phase: 'Primary',
      lowAge: 4,
      highAge: 11,
      district: d.district,
      districtIndex,
      ukprn: null,
      status: 'Closed',
      hasSrp: false,
      hasUnit: false,
      hasNursery: false,
      hasSixthForm: false,
      formSize: 0,
      inCensus: false,
      openDate: '',
      closeDate: `31-08-20${rng.int(12, 18)}`,
    });
  }
  return out;
}

/** Writes the GIAS-like download (BOM, CRLF, quoted names with commas, extra columns). */
export async function writeSchools(path: string, schools: readonly Establishment[], rng: Rng): Promise<CsvFileResult> {
  const w = new CsvWriter(path, GIAS_HEADER, { bom: true, crlf: true });
  for (const s of schools) {
    const d = s.districtIndex >= 0 ? DISTRICTS[s.districtIndex] : undefined;
    const roll = s.formSize > 0 ? s.formSize * (s.phase === 'Primary' ? 7 : s.hasSixthForm ? 6 : 5) : rng.int(40, 180);
    w.row([
      s.urn,
      String(s.la),
      s.laName,
      s.estabNo === null ? '' : String(s.estabNo),
      s.name,
      s.type,
      typeGroupOf(s.type),
      s.status,
      s.openDate,
      s.closeDate,
      s.phase,
      String(s.lowAge),
      s.highAge >= 99 ? '' : String(s.highAge),
      rng.chance(0.05) ? 'Boarding school' : 'No boarders',
      s.hasNursery ? 'Has Nursery Classes' : 'No Nursery Classes',
      s.hasSixthForm ? 'Has a sixth form' : 'Does not have a sixth form',
      rng.chance(0.06) ? (rng.chance(0.5) ? 'Girls' : 'Boys') : 'Mixed',
      s.name.includes('Church of England') ? 'Church of England' : s.name.includes('Catholic') ? 'Roman Catholic' : 'Does not apply',
      String(Math.round(roll * 1.08)),
      s.status === 'Open' ? String(roll) : '',
      s.district ?? '',
      d ? makePostcode(rng, d.postcodes) : makePostcode(rng, ['ME1', 'TN34', 'RH10', 'DA14', 'LL15']),
      s.district ?? '',
      s.ukprn ?? '',
      s.hasSrp ? String(rng.int(8, 20)) : '',
      s.hasSrp ? 'Resourced provision' : s.hasUnit ? 'SEN unit' : 'Not applicable',
      s.setting.startsWith('special_') ? rng.pick(['ASD - Autistic Spectrum Disorder', 'SEMH - Social, Emotional and Mental Health', 'PMLD - Profound and Multiple Learning Difficulty', 'SLD - Severe Learning Difficulty']) : '',
    ]);
  }
  return w.close();
}
