/**
 * The fixed pools a synthetic world draws from. Plain ASCII throughout, so one character is
 * one byte and lengths in the byte tokenizer are easy to reason about.
 */

/**
 * People's names are made of two consonant-vowel syllables ("Teko", "Mira"): thousands of
 * distinct four-letter names, none a prefix of another, each a few bytes (NLI items about two
 * people still fit the study's 96-byte context).
 */
export const NAME_CONSONANTS = 'bdfgklmnprstvz'
export const NAME_VOWELS = 'aeiou'

/** Real city and country names, so sentences read naturally; the model learns them from scratch anyway. */
export const COUNTRIES: Record<string, readonly string[]> = {
  France: ['Paris', 'Lyon', 'Nantes'],
  Japan: ['Tokyo', 'Osaka', 'Kyoto'],
  Brazil: ['Recife', 'Salvador', 'Manaus'],
  Kenya: ['Nairobi', 'Mombasa', 'Kisumu'],
  Canada: ['Toronto', 'Quebec', 'Halifax'],
  India: ['Delhi', 'Pune', 'Jaipur'],
  Poland: ['Warsaw', 'Gdansk', 'Wroclaw'],
  Egypt: ['Cairo', 'Luxor', 'Aswan'],
}

export const PROFESSIONS = [
  'baker', 'teacher', 'doctor', 'farmer', 'pilot', 'painter', 'nurse', 'lawyer',
  'chef', 'writer', 'singer', 'tailor', 'sailor', 'judge', 'dentist', 'miner',
] as const

export const COLOURS = ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'pink', 'brown', 'black', 'white', 'grey', 'gold'] as const

/** Nouns for the word-list task and the filler sentences. */
export const WORDS = [
  'apple', 'river', 'stone', 'cloud', 'bread', 'chair', 'lamp', 'horse', 'window', 'garden',
  'bottle', 'pencil', 'forest', 'bridge', 'candle', 'mirror', 'basket', 'ladder', 'button', 'rocket',
  'tiger', 'violin', 'kettle', 'island', 'jacket', 'lemon', 'marble', 'needle', 'orchid', 'pepper',
  'rabbit', 'saddle', 'tunnel', 'valley', 'wagon', 'anchor', 'barrel', 'castle', 'dragon', 'engine',
  'feather', 'guitar', 'hammer', 'insect', 'jungle', 'kitten', 'meadow', 'parrot', 'pillow', 'spoon',
] as const

export const ADJECTIVES = ['old', 'quiet', 'small', 'bright', 'warm', 'long', 'narrow', 'busy', 'cold', 'tall', 'soft'] as const
export const PLACES = ['near the market', 'by the river', 'in the square', 'behind the station', 'at the edge of town', 'on the hill'] as const
export const VERBS = ['stood', 'rested', 'waited', 'appeared', 'was found', 'was left'] as const
export const WEATHER = ['rainy', 'sunny', 'windy', 'foggy', 'mild', 'cold', 'hot', 'grey'] as const
export const SEASONS = ['spring', 'summer', 'autumn', 'winter'] as const
