/**
 * The fictional county of Northshire: its towns (with their postcode districts and localities)
 * and the street names it reuses, as English counties do (a Station Road in every town).
 */
const list = (names: string): readonly string[] => names.trim().split(/\s+/);

export interface Town {
  name: string;
  /** Share of the county's dwellings. */
  share: number;
  /** Postcode districts (NS1, NS2...) that cover the town. */
  districts: readonly number[];
  localities: readonly string[];
}

export const postcodeArea = 'NS';

export const towns: readonly Town[] = [
  {
    name: 'Northam',
    share: 0.24,
    districts: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    localities: [
      'Moorside',
      'Westfield',
      'Abbey Green',
      'Town Centre',
      'Northgate',
      'Southfields',
      'Hillcrest',
      'Riverside',
    ],
  },
  {
    name: 'Kingsmoor',
    share: 0.13,
    districts: [10, 11, 12, 13],
    localities: ['Kingsmoor Park', 'Low Moor', 'Fairview', 'Old Town'],
  },
  {
    name: 'Ashby Bridge',
    share: 0.1,
    districts: [14, 15, 16],
    localities: ['Bridge End', 'Ashby Common', 'Mill Hill'],
  },
  {
    name: 'Stanbridge',
    share: 0.09,
    districts: [17, 18, 19],
    localities: ['Stanbridge Vale', 'Eastfield', 'Lowfields'],
  },
  {
    name: 'Wexley',
    share: 0.08,
    districts: [20, 21, 22],
    localities: ['Wexley Heath', 'Greenhill', 'The Brooklands'],
  },
  { name: 'Harrowfield', share: 0.07, districts: [23, 24], localities: ['Harrow Green', 'Castle Hill'] },
  { name: 'Millbeck', share: 0.06, districts: [25, 26], localities: ['Beckside', 'Millbeck Village'] },
  { name: 'Crossgate', share: 0.06, districts: [27, 28], localities: ['Crossgate Park', 'Sandholme'] },
  { name: 'Thornby', share: 0.05, districts: [29, 30], localities: ['Thornby Moor', 'Netherfield'] },
  { name: 'Elmsworth', share: 0.05, districts: [31, 32], localities: ['Elm Park', 'Upper Elmsworth'] },
  { name: 'Redmire', share: 0.03, districts: [33], localities: ['Redmire Dale'] },
  { name: 'Oakhurst', share: 0.02, districts: [34], localities: ['Oakhurst Green'] },
  { name: 'Brackenfell', share: 0.02, districts: [35], localities: ['Fell Side'] },
];

/** Street names without their type; the commonest come first. */
export const streetNames =
  list(`Station Church Mill Park Victoria Albert Queen King New School Chapel Manor Green Hall
  Windsor Grange Cross Moor Bridge Springfield Beech Oak Ash Elm Willow Cedar Birch Hawthorn Holly Rowan Meadow Orchard
  Cherry Lime Maple Chestnut Sycamore Laurel York Lancaster Nelson Wellington Cambridge Oxford Marlborough Richmond
  Salisbury Stanley Derwent Ribble Aire Calder Wharfe Fountains Abbey Priory Castle Market West North South East Mount
  Prospect Bank Highfield Greenfield Woodland Brookside Fieldhead Cliffe Heather Lavender Primrose Bluebell Foxglove
  Kestrel Heron Falcon Swallow Lark Wren Thrush Linnet Coniston Windermere Ullswater Grasmere Buttermere Ennerdale
  Hollins Thornton Ackroyd Cawthorne Kirkgate Westgate Eastgate Northgate Southgate Fairfax Cromwell Rosebery Belgrave
  Clarendon Kensington Regent Princess Alexandra Balmoral Sandringham Osborne Hanover Tudor Stuart Shakespeare Milton
  Byron Tennyson Wordsworth Keats Shelley Brontë Dickens Elgar Handel Mozart Chaucer Bede Hilda Aidan Cuthbert Oswald`);

/** Street types, the commonest first; the criteria fold their abbreviations (Rd, St, Ave...). */
export const streetTypes = list(
  'Road Street Avenue Lane Close Drive Grove Way Gardens Crescent Terrace Court Place Walk View Rise Mews Square',
);

/** The abbreviation a partner's system may write for a street type. */
export const streetTypeAbbreviations: Readonly<Record<string, string>> = {
  Road: 'Rd',
  Street: 'St',
  Avenue: 'Ave',
  Close: 'Cl',
  Crescent: 'Cres',
  Drive: 'Dr',
  Lane: 'Ln',
  Court: 'Ct',
  Place: 'Pl',
  Gardens: 'Gdns',
  Terrace: 'Terr',
  Grove: 'Gr',
  Square: 'Sq',
};

/** Letters used in the last two characters of a postcode (the inward code's unit). */
export const postcodeUnitLetters = 'ABDEFGHJLNPQRSTUWXYZ';

/** Places beyond the county where a mover's old address may be. */
export const elsewhere = [
  { town: 'Southam', area: 'SX', districts: [1, 2, 3, 4] },
  { town: 'Easterby', area: 'EY', districts: [5, 6, 7] },
  { town: 'Westmarch', area: 'WM', districts: [11, 12] },
] as const;
