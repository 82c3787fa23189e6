// Kent's districts, towns and postcode districts, and the first names and
// surnames the sample gives its synthetic people: all invented combinations,
// present only so tests can prove name and postcode columns are never stored.
import type { Rng } from './prng.js';
import type { AreaTeam } from './kentFigures.js';

/** The 12 Kent districts and their SEN area team (CONTRACT §1.5 `areas`). */
export const DISTRICTS: ReadonlyArray<{ district: string; area: Exclude<AreaTeam, 'Not Kent Address'>; towns: readonly string[]; postcodes: readonly string[] }> = [
  { district: 'Dartford', area: 'North', towns: ['Dartford', 'Swanscombe', 'Greenhithe', 'Wilmington', 'Stone'], postcodes: ['DA1', 'DA2', 'DA9', 'DA10'] },
  { district: 'Gravesham', area: 'North', towns: ['Gravesend', 'Northfleet', 'Meopham', 'Istead Rise', 'Higham'], postcodes: ['DA11', 'DA12', 'DA13'] },
  { district: 'Sevenoaks', area: 'North', towns: ['Sevenoaks', 'Swanley', 'Edenbridge', 'Westerham', 'Otford', 'Hextable'], postcodes: ['TN13', 'TN14', 'TN15', 'BR8', 'TN8'] },
  { district: 'Canterbury', area: 'East', towns: ['Canterbury', 'Whitstable', 'Herne Bay', 'Sturry', 'Bridge'], postcodes: ['CT1', 'CT2', 'CT3', 'CT5', 'CT6'] },
  { district: 'Thanet', area: 'East', towns: ['Margate', 'Ramsgate', 'Broadstairs', 'Birchington', 'Westgate-on-Sea', 'Minster'], postcodes: ['CT7', 'CT8', 'CT9', 'CT10', 'CT11', 'CT12'] },
  { district: 'Swale', area: 'East', towns: ['Sittingbourne', 'Faversham', 'Sheerness', 'Minster-on-Sea', 'Teynham', 'Queenborough'], postcodes: ['ME9', 'ME10', 'ME11', 'ME12', 'ME13'] },
  { district: 'Ashford', area: 'South', towns: ['Ashford', 'Tenterden', 'Wye', 'Charing', 'Kingsnorth'], postcodes: ['TN23', 'TN24', 'TN25', 'TN26', 'TN27', 'TN30'] },
  { district: 'Dover', area: 'South', towns: ['Dover', 'Deal', 'Sandwich', 'Aylesham', 'Whitfield'], postcodes: ['CT13', 'CT14', 'CT15', 'CT16', 'CT17'] },
  { district: 'Folkestone and Hythe', area: 'South', towns: ['Folkestone', 'Hythe', 'New Romney', 'Lydd', 'Hawkinge', 'Cheriton'], postcodes: ['CT18', 'CT19', 'CT20', 'CT21', 'TN28', 'TN29'] },
  { district: 'Maidstone', area: 'West', towns: ['Maidstone', 'Headcorn', 'Marden', 'Staplehurst', 'Lenham', 'Bearsted'], postcodes: ['ME14', 'ME15', 'ME16', 'ME17', 'ME18'] },
  { district: 'Tonbridge and Malling', area: 'West', towns: ['Tonbridge', 'West Malling', 'Snodland', 'Kings Hill', 'Aylesford', 'Larkfield'], postcodes: ['TN9', 'TN10', 'TN11', 'ME19', 'ME20', 'ME6'] },
  { district: 'Tunbridge Wells', area: 'West', towns: ['Royal Tunbridge Wells', 'Southborough', 'Paddock Wood', 'Cranbrook', 'Hawkhurst'], postcodes: ['TN1', 'TN2', 'TN3', 'TN4', 'TN12', 'TN17', 'TN18'] },
];

/** Postcode districts outside Kent, for people with a "Not Kent Address". */
export const OUT_OF_COUNTY_POSTCODES: readonly string[] = ['ME1', 'ME4', 'ME7', 'ME8', 'TN34', 'TN38', 'RH19', 'SE9', 'BR6', 'DA7', 'DA14', 'SE18'];

export const FORENAMES: readonly string[] = [
  'Oliver', 'George', 'Harry', 'Noah', 'Jack', 'Leo', 'Arthur', 'Muhammad', 'Oscar', 'Charlie', 'Jacob', 'Thomas',
  'Henry', 'William', 'Alfie', 'Joshua', 'Freddie', 'Archie', 'Ethan', 'Isaac', 'Alexander', 'Joseph', 'Edward',
  'Samuel', 'Max', 'Logan', 'Lucas', 'Daniel', 'Theo', 'Arlo', 'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy',
  'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya', 'Willow', 'Florence', 'Emily', 'Ella', 'Poppy', 'Evie',
  'Elsie', 'Charlotte', 'Evelyn', 'Sienna', 'Daisy', 'Phoebe', 'Sophie', 'Harper', 'Millie', 'Ruby', 'Chloe', 'Zara',
  "D'Arcy", 'Anne-Marie', 'Jean-Luc', 'Kai', 'Riley', 'Jordan', 'Morgan', 'Reuben', 'Tobias', 'Nia', 'Amara', 'Priya',
];

export const SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke', 'Jackson', 'Wood',
  'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore', 'Clark', 'King', 'Harrison',
  'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan', 'Scott', 'Watson', 'Davis', 'Parker', 'James', 'Bennett',
  'Young', 'Phillips', 'Richardson', 'Mitchell', 'Bailey', 'Carter', 'Cook', 'Singh', 'Shaw', 'Bell', 'Collins',
  "O'Brien", "O'Connor", 'Smith-Jones', 'Ahmed', 'Kowalski', 'Nowak', 'Okafor', 'Mensah', 'Murphy', 'Kelly',
];

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A made-up postcode in one of the given postcode districts. */
export function makePostcode(rng: Rng, districts: readonly string[]): string {
  return `${rng.pick(districts)} ${rng.int(1, 9)}${INWARD_LETTERS[rng.int(0, 19)]}${INWARD_LETTERS[rng.int(0, 19)]}`;
}
