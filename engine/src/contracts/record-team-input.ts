/** How many members one record's team may have. */
export const MAX_TEAM_MEMBERS = 200;

/** The body of PUT /api/records/:object/:id/team: checked by access/ when saved, documented in the OpenAPI document. */
export const recordTeamInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['members'],
  properties: {
    members: {
      type: 'array',
      maxItems: MAX_TEAM_MEMBERS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['user_id', 'access'],
        properties: {
          user_id: { type: 'string', format: 'uuid' },
          access: { enum: ['read', 'edit'] },
          expires_at: { type: ['string', 'null'], format: 'date-time', description: 'Access ends at this time; null or absent: no end' },
        },
      },
    },
  },
} as const;
