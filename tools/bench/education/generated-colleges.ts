import { sql, type Kysely } from '@medicalink/persistence';

/** A row of the education service's colleges table, as the bench inserts it. */
export interface CollegesTable {
  id: string;
  name: string;
  country: string;
  university_id: string | null;
}
export type EducationDb = Kysely<{ colleges: CollegesTable }>;

/** Ids of generated colleges start with this (the shipped reference data's never do). */
export const GENERATED_ID_PREFIX = 'bench-';
const COUNTRY = 'CA';

const PLACES = [
  'Ashford',
  'Brampton',
  'Cedar Falls',
  'Dunmore',
  'Eastvale',
  'Fairhaven',
  'Glenwood',
  'Harrow',
  'Ironbridge',
  'Juniper',
  'Kingsbury',
  'Lakeshore',
  'Maplewood',
  'Northgate',
  'Oakridge',
  'Pinecrest',
  'Queensway',
  'Riverside',
  'Stonebridge',
  'Thornhill',
  'Upland',
  'Valleyview',
  'Westbrook',
  'Yorkton',
  'Zephyr Bay',
  'Aurora',
  'Bayfield',
  'Clearwater',
  'Dalton',
  'Elmira',
  'Foxborough',
  'Greystone',
  'Hillcrest',
  'Inverary',
  'Jasper',
  'Kestrel',
  'Linden',
  'Meadowvale',
  'Newcastle',
  'Orchard',
  'Portland',
  'Quarry Hill',
  'Redwood',
  'Silverton',
  'Timberlea',
  'Union',
  'Victoria Park',
  'Windermere',
  'Ashgrove',
  'Birchmount',
];
const KINDS = [
  'College',
  'Institute',
  'Polytechnic',
  'School',
  'Academy',
  'Community College',
  'Technical College',
  'Health Sciences College',
  'Career College',
  'Collège',
];
const FIELDS = [
  'Nursing',
  'Rehabilitation',
  'Occupational Therapy',
  'Physiotherapy',
  'Kinesiology',
  'Applied Arts',
  'Technology',
  'Business',
  'Health',
  'Design',
  'Music',
  'Agriculture',
  'Engineering',
  'Trades',
  'Hospitality',
  'Media',
  'Social Work',
  'Education',
  'Pharmacy',
  'Dental Hygiene',
  'Paramedicine',
  'Radiography',
  'Nutrition',
  'Midwifery',
  'Psychology',
  'Optometry',
  'Speech Therapy',
  'Respiratory Therapy',
  'Laboratory Science',
  'Public Health',
  'Gerontology',
  'Athletic Therapy',
  'Massage Therapy',
  'Chiropractic',
  'Sonography',
  'Medical Imaging',
  'Health Informatics',
  'Veterinary Technology',
  'Forestry',
  'Fine Arts',
  'Languages',
  'Law',
  'Accounting',
  'Marketing',
  'Aviation',
  'Culinary Arts',
  'Fashion',
  'Film',
  'Journalism',
  'Library Science',
  'Sport Management',
  'Recreation',
  'Early Childhood',
  'Addictions Counselling',
  'Mental Health',
  'Community Services',
  'Child and Youth Care',
  'Dietetics',
  'Biotechnology',
  'Environmental Science',
  'Geomatics',
  'Computer Science',
  'Cybersecurity',
  'Data Analytics',
  'Robotics',
  'Electronics',
  'Mechanics',
  'Welding',
  'Carpentry',
  'Plumbing',
  'Electrical Trades',
  'Construction',
  'Architecture',
  'Interior Design',
  'Graphic Design',
  'Animation',
  'Game Design',
  'Photography',
  'Theatre',
  'Dance',
  'Broadcasting',
  'Public Relations',
  'Human Resources',
  'Supply Chain',
  'Finance',
  'Insurance',
  'Real Estate',
  'Tourism',
  'Event Management',
  'Policing',
  'Firefighting',
  'Emergency Management',
  'Corrections',
  'Paralegal Studies',
  'Office Administration',
  'Medical Office Administration',
  'Pharmacy Technology',
  'Dental Assisting',
  'Personal Support',
];
const OTHER_COUNTRIES = ['US', 'GB', 'AU', 'FR', 'IN'];

/** `count` generated colleges, half of them in CA (where the check looks), the rest elsewhere. */
function* generatedColleges(count: number): Generator<CollegesTable> {
  let i = 0;
  for (const field of FIELDS) {
    for (const kind of KINDS) {
      for (const place of PLACES) {
        if (i >= count) return;
        const country = i % 2 === 0 ? COUNTRY : OTHER_COUNTRIES[i % OTHER_COUNTRIES.length]!;
        yield {
          id: `${GENERATED_ID_PREFIX}${i}`,
          name: `${place} ${kind} of ${field}`,
          country,
          university_id: null,
        };
        i += 1;
      }
    }
  }
  for (; i < count; i += 1) {
    yield {
      id: `${GENERATED_ID_PREFIX}${i}`,
      name: `Bench College ${i}`,
      country: COUNTRY,
      university_id: null,
    };
  }
}

/** Inserts `count` generated colleges (into the bench's own database) and counts them all. */
export async function growColleges(db: EducationDb, count: number): Promise<number> {
  let batch: CollegesTable[] = [];
  const flush = async () => {
    if (batch.length > 0) await db.insertInto('colleges').values(batch).execute();
    batch = [];
  };
  for (const college of generatedColleges(count)) {
    batch.push(college);
    if (batch.length === 1_000) await flush();
  }
  await flush();
  // settled as after a load: statistics current, nothing left for autovacuum to do mid-row
  await sql`vacuum analyze colleges, college_words`.execute(db);
  const { total } = await db
    .selectFrom('colleges')
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(total);
}

/** The names of the shipped (not generated) colleges of a country. */
export async function referenceCollegeNames(db: EducationDb, country: string): Promise<string[]> {
  const rows = await db
    .selectFrom('colleges')
    .select('name')
    .where('country', '=', country)
    .where('id', 'not like', `${GENERATED_ID_PREFIX}%`)
    .execute();
  return rows.map((row) => row.name);
}
